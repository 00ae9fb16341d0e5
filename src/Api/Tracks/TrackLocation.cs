namespace MailTracker.Api.Tracks;

/// <summary>
/// Where an open came from, as MailSignal shows it (<c>{"city": "Berlin", "country": "Germany"}</c>): English names from the
/// operator's GeoIP database (<c>MailTracker__GeoIp__CityDatabase</c>).
/// </summary>
/// <param name="City">The city, when the database knows it.</param>
/// <param name="Country">The country's English name.</param>
public sealed record TrackLocation(string? City, string? Country);
