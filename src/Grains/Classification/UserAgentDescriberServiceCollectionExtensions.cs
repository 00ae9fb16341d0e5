using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Grains.Classification;

public static class UserAgentDescriberServiceCollectionExtensions
{
    /// <summary>The one <see cref="UserAgentDescriber"/> of a process: its data is loaded once, its cache shared.</summary>
    public static IServiceCollection AddUserAgentDescriber(this IServiceCollection services) =>
        services.AddSingleton<UserAgentDescriber>();
}
