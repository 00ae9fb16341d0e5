using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Domains;

/// <summary>The sending domains' settings are checked at start-up: a silo that cannot keep DKIM keys safely does not start.</summary>
public sealed class SendingStartupTests
{
    [Fact]
    public async Task PostgreSQL_without_a_key_encryption_key_stops_start_up_with_one_clear_line()
    {
        var output = await FailedStartAsync(new Dictionary<string, string?> { ["MailTracker__Sending__KeyEncryptionKey"] = null });
        Assert.Contains("MailTracker__Sending__KeyEncryptionKey is required", output);
    }

    [Fact]
    public async Task A_key_encryption_key_that_is_not_32_bytes_of_base64_stops_start_up_with_one_clear_line()
    {
        var output = await FailedStartAsync(new Dictionary<string, string?> { ["MailTracker__Sending__KeyEncryptionKey"] = Convert.ToBase64String(new byte[16]) });
        Assert.Contains("must be the base64 of exactly 32 bytes", output);
    }

    [Fact]
    public async Task A_DNS_server_setting_with_a_bad_port_stops_start_up_with_one_clear_line()
    {
        var output = await FailedStartAsync(new Dictionary<string, string?> { ["MailTracker__Sending__DnsServer"] = "localhost:99999" });
        Assert.Contains("MailTracker__Sending__DnsServer 'localhost:99999' must be host:port", output);
    }

    /// <summary>The one "could not start" line of a PostgreSQL silo given <paramref name="settings"/> (checked before any connection).</summary>
    private static async Task<string> FailedStartAsync(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=x;Username=x";
        settings["MailTracker__AdminToken"] = "t";
        await using var silo = SiloProcess.Start(settings);
        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("   at ", silo.Output);
        return Assert.Single(silo.Output.Split('\n'), l => l.Contains("could not start"));
    }
}
