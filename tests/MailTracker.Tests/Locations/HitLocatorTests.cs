using MailTracker.Grains.Locations;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Locations;

/// <summary>
/// The locator on MaxMind's test databases (github.com/maxmind/MaxMind-DB, test-data/; the addresses are those its
/// source JSON files, GeoIP2-City-Test.json and GeoLite2-City-Test.json, give).
/// </summary>
public sealed class HitLocatorTests
{
    [Theory]
    [InlineData("81.2.69.142", "United Kingdom", "London", "GB")]
    [InlineData("2.125.160.216", "United Kingdom", "Boxford", "GB")]
    [InlineData("216.160.83.56", "United States", "Milton", "US")]
    [InlineData("89.160.20.128", "Sweden", "Linköping", "SE")]
    [InlineData("175.16.199.0", "China", "Changchun", "CN")]
    public void The_city_databases_name_country_and_city_in_english(string ip, string country, string city, string code)
    {
        foreach (var database in new[] { GeoIpTestData.GeoIp2City, GeoIpTestData.GeoLite2City })
        {
            using var locator = new HitLocator(new GeoIpOptions { CityDatabase = database });
            Assert.Equal(new HitLocation(country, city, code), locator.Locate(ip));
        }
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("198.51.100.7")]
    [InlineData("not an address")]
    [InlineData("")]
    [InlineData(null)]
    public void Private_unknown_and_missing_addresses_have_no_location(string? ip)
    {
        using var locator = new HitLocator(new GeoIpOptions { CityDatabase = GeoIpTestData.GeoIp2City });
        Assert.Null(locator.Locate(ip));
    }

    [Fact]
    public void An_ipv4_address_in_its_ipv6_mapped_form_is_located_as_itself()
    {
        using var locator = new HitLocator(new GeoIpOptions { CityDatabase = GeoIpTestData.GeoIp2City });
        Assert.Equal(new HitLocation("United Kingdom", "London", "GB"), locator.Locate("::ffff:81.2.69.142"));
    }

    [Fact]
    public void A_country_database_gives_the_country_without_a_city()
    {
        using var locator = new HitLocator(new GeoIpOptions { CityDatabase = GeoIpTestData.GeoLite2Country });
        Assert.Equal(new HitLocation("United Kingdom", null, "GB"), locator.Locate("81.2.69.142"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_database_nothing_is_located(string? path)
    {
        using var locator = new HitLocator(new GeoIpOptions { CityDatabase = path });
        Assert.Null(locator.Locate("81.2.69.142"));
    }

    [Fact]
    public void A_missing_file_is_refused_naming_the_setting_and_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".mmdb");
        var error = Assert.Throws<GeoIpDatabaseException>(() => new HitLocator(new GeoIpOptions { CityDatabase = path }));
        Assert.Contains("MailTracker__GeoIp__CityDatabase", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_directory_is_refused()
    {
        var error = Assert.Throws<GeoIpDatabaseException>(() => new HitLocator(new GeoIpOptions { CityDatabase = AppContext.BaseDirectory }));
        Assert.Contains("is a directory", error.Message);
    }

    [Fact]
    public void A_file_that_is_no_maxmind_database_is_refused()
    {
        var error = Assert.Throws<GeoIpDatabaseException>(() => new HitLocator(new GeoIpOptions { CityDatabase = GeoIpTestData.NotADatabase }));
        Assert.Contains("MailTracker__GeoIp__CityDatabase", error.Message);
        Assert.Contains(GeoIpTestData.NotADatabase, error.Message);
        Assert.Contains("cannot be read as a MaxMind database", error.Message);
    }
}
