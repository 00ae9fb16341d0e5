using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Grains.Locations;

public static class HitLocatorServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="HitLocator"/> on the database of <c>MailTracker:GeoIp:CityDatabase</c>, if any.</summary>
    /// <exception cref="GeoIpDatabaseException">The configured database cannot be used.</exception>
    public static IServiceCollection AddHitLocator(this IServiceCollection services, IConfiguration configuration)
    {
        // Opened now rather than at the first read: a wrong path stops the start instead of failing every data page.
        var locator = new HitLocator(configuration.GetSection(GeoIpOptions.Section).Get<GeoIpOptions>() ?? new GeoIpOptions());
        // Handed out by a factory so that the container disposes it (and unmaps the file) when the host stops.
        services.AddSingleton(_ => locator);
        return services;
    }
}
