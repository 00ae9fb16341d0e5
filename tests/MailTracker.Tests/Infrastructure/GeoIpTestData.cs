namespace MailTracker.Tests.Infrastructure;

/// <summary>MaxMind's test databases (TestData/geoip, copied beside the test assembly; addresses in their README).</summary>
public static class GeoIpTestData
{
    public static string GeoIp2City { get; } = Find("GeoIP2-City-Test.mmdb");

    public static string GeoLite2City { get; } = Find("GeoLite2-City-Test.mmdb");

    public static string GeoLite2Country { get; } = Find("GeoLite2-Country-Test.mmdb");

    /// <summary>A host's settings with <see cref="GeoIp2City"/> as its GeoIP database.</summary>
    public static IReadOnlyDictionary<string, string> CitySettings => new Dictionary<string, string> { ["MailTracker:GeoIp:CityDatabase"] = GeoIp2City };

    /// <summary>A file that exists but is no MaxMind database.</summary>
    public static string NotADatabase { get; } = Find("LICENSE-MIT");

    private static string Find(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "geoip", name);
}
