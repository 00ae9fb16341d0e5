using System.Net;
using MaxMind.Db;
using MaxMind.GeoIP2;
using MaxMind.GeoIP2.Responses;

namespace MailTracker.Grains.Locations;

/// <summary>
/// Locates hits' addresses in the operator's GeoIP2/GeoLite2 City or Country database, opened once (memory-mapped;
/// the reader is thread-safe). Without a configured database nothing is located.
/// </summary>
public sealed class HitLocator : IDisposable
{
    private readonly DatabaseReader? _reader;
    private readonly bool _hasCities;

    /// <exception cref="GeoIpDatabaseException">The configured file is missing, unreadable, or not a City or Country database.</exception>
    public HitLocator(GeoIpOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CityDatabase)) return;
        var path = Path.GetFullPath(options.CityDatabase);
        if (!File.Exists(path)) throw Unusable(path, Directory.Exists(path) ? "which is a directory, not a file" : "which does not exist");
        try
        {
            _reader = new DatabaseReader(path, FileAccessMode.MemoryMapped);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDatabaseException)
        {
            throw Unusable(path, $"which cannot be read as a MaxMind database ({e.Message})", e);
        }
        var type = _reader.Metadata.DatabaseType;
        _hasCities = type.Contains("City", StringComparison.Ordinal);
        if (!_hasCities && !type.Contains("Country", StringComparison.Ordinal))
        {
            _reader.Dispose();
            throw Unusable(path, $"a {type} database, not a City or Country one");
        }
    }

    /// <summary>Whether the operator gave a database (without one nothing is located, and no place is ever "unknown").</summary>
    public bool HasDatabase => _reader is not null;

    /// <summary>The address's country and city; null without a database, without an address, or for an address it does not hold (private ones included).</summary>
    public HitLocation? Locate(string? ipAddress)
    {
        if (_reader is null || !IPAddress.TryParse(ipAddress, out var address)) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        // An IPv4-only database cannot be asked for an IPv6 address (the reader throws).
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && _reader.Metadata.IPVersion == 4) return null;
        AbstractCountryResponse? found = _hasCities
            ? _reader.TryCity(address, out var city) ? city : null
            : _reader.TryCountry(address, out var country) ? country : null;
        var cityName = (found as AbstractCityResponse)?.City.Name;
        return found is null || (found.Country.Name is null && cityName is null)
            ? null
            : new HitLocation(found.Country.Name, cityName, found.Country.IsoCode);
    }

    public void Dispose() => _reader?.Dispose();

    private static GeoIpDatabaseException Unusable(string path, string problem, Exception? inner = null) => new(
        $"{GeoIpOptions.CityDatabaseSetting} names '{path}', {problem}. Give a GeoIP2/GeoLite2 City database (.mmdb), or unset it to show no locations.",
        inner);
}
