using MailTracker.Grains.Classification;

namespace MailTracker.Tests.Classification;

/// <summary>The embedded user-agent data: complete, compilable, and every MailTracker rule with its public source.</summary>
public sealed class ClassificationDataTests
{
    [Fact]
    public void Every_uap_core_regex_compiles_in_dotnet()
    {
        var file = ClassificationData.Read<UapCoreFile>(ClassificationData.UapCoreRegexes, ignoreUnmatched: true);
        var parser = new UapCoreParser(file);
        Assert.Empty(parser.Skipped);
        Assert.Equal(file.UserAgentParsers.Count + file.OsParsers.Count + file.DeviceParsers.Count, parser.Count);
        Assert.True(file.DeviceParsers.Count > 500, "uap-core 0.18.0 has 628 device regexes");
    }

    [Fact]
    public void Every_mail_client_rule_names_a_client_and_its_source()
    {
        var clients = ClassificationData.Read<MailClientsFile>(ClassificationData.MailClients).Clients;
        Assert.NotEmpty(clients);
        Assert.All(clients, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Name));
            Assert.False(string.IsNullOrWhiteSpace(rule.Source));
            Assert.True(rule.Agent is not null || rule.UapFamily is not null, $"{rule.Name}: a rule needs a condition");
        });
    }

    [Fact]
    public void The_device_vocabulary_names_only_what_the_api_has_always_shown()
    {
        var vocabulary = ClassificationData.Read<DeviceVocabularyFile>(ClassificationData.Devices);
        Assert.All(vocabulary.Os, rule => Assert.Contains(rule.Name, new[] { "iOS", "Android", "Windows", "macOS", "Linux", "ChromeOS" }));
        Assert.All(vocabulary.Devices, rule => Assert.Contains(rule.Name, new[] { "iPhone", "iPad", "Android phone", "Android tablet", "Desktop", "Mobile", "Tablet", null }));
    }
}
