using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Grains.Reclassification;

public static class ReclassificationServiceCollectionExtensions
{
    /// <summary>The stored-hit judge and the jobs' options (<c>MailTracker:Reclassification</c>); the store comes with the storage.</summary>
    public static IServiceCollection AddReclassification(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<ReclassificationOptions>();
        if (configuration is not null) options.Bind(configuration.GetSection(ReclassificationOptions.Section));
        services.AddSingleton<StoredHitJudge>();
        return services;
    }
}
