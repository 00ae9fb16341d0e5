using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MailTracker.Grains.Classification;

/// <summary>The user-agent data shipped in this assembly (Classification/Data), read with YamlDotNet.</summary>
public static class ClassificationData
{
    public const string UapCoreRegexes = "Classification.uap-core.regexes.yaml";
    public const string MailClients = "Classification.mail-clients.yaml";
    public const string Devices = "Classification.devices.yaml";

    /// <summary>Reads a resource; <paramref name="ignoreUnmatched"/> for uap-core's file, whose entries carry version
    /// replacements this reader does not use (MailTracker's own files are read strictly, so a misspelt key fails).</summary>
    public static T Read<T>(string resource, bool ignoreUnmatched = false)
    {
        using var stream = typeof(ClassificationData).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from {typeof(ClassificationData).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var builder = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance);
        if (ignoreUnmatched) builder = builder.IgnoreUnmatchedProperties();
        return builder.Build().Deserialize<T>(reader);
    }
}
