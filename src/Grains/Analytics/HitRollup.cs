using System.Collections.Concurrent;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Locations;
using MailTracker.Hits;

namespace MailTracker.Grains.Analytics;

/// <summary>
/// The tailer's stage that rolls counted hits up for analytics: every hit into its bucket's counters, and a person's open
/// (not a bot's: a prefetcher's client, device and place say nothing of the reader) into its hour's breakdowns by email
/// client, device, operating system and country, where the privacy settings kept the user agent and the address. An open
/// through an image proxy has the proxy's address, so its country is "Unknown".
/// </summary>
public sealed class HitRollup(UserAgentDescriber describer, HitLocator locator)
{
    public const string Unknown = "Unknown";

    /// <summary>A web browser (webmail) or a mail client the user-agent data does not name.</summary>
    public const string OtherClient = "Other";

    public const string ClientPrefix = "client:";
    public const string DevicePrefix = "device:";
    public const string OsPrefix = "os:";
    public const string CountryPrefix = "country:";

    // Keys by value, so a hit allocates none: the vocabularies (clients, devices, systems, countries) are small and fixed.
    private readonly ConcurrentDictionary<string, string> _clientKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _deviceKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _osKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _countryKeys = new(StringComparer.Ordinal);

    public void Add(AnalyticsRollup rollup, HitKind kind, in LoggedHit hit)
    {
        rollup.AddHit(hit.TrackingId, hit.AccountId, hit.Date, kind, hit.Bot, hit.Proxy is not null);
        if (kind != HitKind.Open || hit.Bot) return;
        if (hit.UserAgent is { } agent)
        {
            var described = describer.Describe(agent);
            rollup.AddBreakdown(hit.TrackingId, hit.AccountId, hit.Date, Key(_clientKeys, ClientPrefix, described.EmailClient ?? OtherClient));
            rollup.AddBreakdown(hit.TrackingId, hit.AccountId, hit.Date, Key(_deviceKeys, DevicePrefix, described.Device ?? Unknown));
            rollup.AddBreakdown(hit.TrackingId, hit.AccountId, hit.Date, Key(_osKeys, OsPrefix, described.Os ?? Unknown));
        }
        if (hit.IpAddress is { } address && locator.HasDatabase)
        {
            var country = hit.Proxy is null ? locator.Locate(address) is { } place ? place.Country ?? place.CountryCode : null : null;
            rollup.AddBreakdown(hit.TrackingId, hit.AccountId, hit.Date, Key(_countryKeys, CountryPrefix, country ?? Unknown));
        }
    }

    private static string Key(ConcurrentDictionary<string, string> keys, string prefix, string value) =>
        keys.TryGetValue(value, out var key) ? key : keys.GetOrAdd(value, prefix + value);
}
