using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Grains.Classification;

public static class ClassificationServiceCollectionExtensions
{
    /// <summary>
    /// The hit classifier with the shipped rules and the operator's (<c>MailTracker__Classification__RulesFile</c>,
    /// <c>MailTracker__Classification__AppleEgressFile</c>), read now so that a bad file stops the start, not a hit.
    /// </summary>
    public static IServiceCollection AddHitClassification(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = configuration?.GetSection(ClassificationOptions.Section).Get<ClassificationOptions>() ?? new ClassificationOptions();
        services.AddSingleton(ClassificationRules.Load(options));
        services.AddSingleton<HitClassifier>();
        return services;
    }
}
