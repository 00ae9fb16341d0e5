namespace MailTracker.Grains.Locations;

/// <summary>The operator's GeoIP database (<c>MailTracker__GeoIp__CityDatabase</c>); none configured, no locations.</summary>
public sealed class GeoIpOptions
{
    public const string Section = "MailTracker:GeoIp";

    /// <summary>The environment variable that sets <see cref="CityDatabase"/>, as error messages name it.</summary>
    public const string CityDatabaseSetting = "MailTracker__GeoIp__CityDatabase";

    /// <summary>Path of a GeoIP2/GeoLite2 City (or Country) database in MaxMind's .mmdb format.</summary>
    public string? CityDatabase { get; set; }
}
