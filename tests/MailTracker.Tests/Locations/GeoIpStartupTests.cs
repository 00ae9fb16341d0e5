using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Locations;

/// <summary>A configured GeoIP database that cannot be used stops the silo at start-up with one clear line.</summary>
public sealed class GeoIpStartupTests
{
    [Fact]
    public async Task A_missing_database_file_stops_start_up_naming_the_setting_and_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".mmdb");
        var line = await StartFailingAsync(path);
        Assert.Contains("MailTracker__GeoIp__CityDatabase", line);
        Assert.Contains(path, line);
    }

    [Fact]
    public async Task A_file_that_is_no_geoip_database_stops_start_up()
    {
        var line = await StartFailingAsync(GeoIpTestData.NotADatabase);
        Assert.Contains("MailTracker__GeoIp__CityDatabase", line);
        Assert.Contains("cannot be read as a MaxMind database", line);
    }

    /// <summary>Starts an embedded silo on <paramref name="database"/>, expects exit code 1 without a stack trace, and gives its one error line.</summary>
    private static async Task<string> StartFailingAsync(string database)
    {
        await using var silo = SiloProcess.Start(new Dictionary<string, string?> { ["MailTracker__GeoIp__CityDatabase"] = database });
        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("   at ", silo.Output);
        return Assert.Single(silo.Output.Split('\n'), l => l.Contains("could not start"));
    }
}
