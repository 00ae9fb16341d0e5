namespace MailTracker.Grains.Locations;

/// <summary>
/// Where a hit's address is, as the GeoIP database says: the country's and city's English names (MailSignal's
/// <c>{"city": "Berlin", "country": "Germany"}</c>) and the country's ISO 3166-1 alpha-2 code.
/// </summary>
public sealed record HitLocation(string? Country, string? City, string? CountryCode);
