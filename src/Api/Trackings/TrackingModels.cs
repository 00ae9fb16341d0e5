using System.Text.Json.Serialization;
using MailTracker.Api.Http;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Api.Trackings;

public sealed record CreateMailTrackingRequest(
    string? Name,
    bool? Enabled,
    bool? UniqueOpensOnly,
    bool? TrackIpAddresses,
    bool? TrackUserAgents,
    bool? TrackDateTimes) : IValidatable
{
    public const int MaxNameLength = 64;

    public string? Validate() =>
        NameProblem(Name, required: true)
        ?? (UniqueOpensOnly == true && TrackIpAddresses == false
            ? "uniqueOpensOnly requires trackIpAddresses: both cannot be set as given."
            : null);

    public TrackingSettings ToSettings() => new(
        Name!.Trim(),
        Enabled ?? true,
        UniqueOpensOnly ?? false,
        new PrivacySettings(TrackIpAddresses ?? true, TrackUserAgents ?? true, TrackDateTimes ?? true));

    internal static string? NameProblem(string? name, bool required) => name switch
    {
        null when required => "name is required (1 to 64 characters).",
        null => null,
        _ when string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength => "name must be 1 to 64 characters.",
        _ => null,
    };
}

public sealed record UpdateMailTrackingRequest(
    string? Name,
    bool? Enabled,
    bool? UniqueOpensOnly,
    bool? TrackIpAddresses,
    bool? TrackUserAgents,
    bool? TrackDateTimes) : IValidatable
{
    public string? Validate() => CreateMailTrackingRequest.NameProblem(Name, required: false);

    public TrackingUpdate ToUpdate() => new(Name?.Trim(), Enabled, UniqueOpensOnly, TrackIpAddresses, TrackUserAgents, TrackDateTimes);
}

public sealed record CreateUrlRequest(string? Url) : IValidatable
{
    public const int MaxLength = 2048;

    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Url)) return "url is required: an absolute http or https URL.";
        if (Url.Length > MaxLength) return $"url must be at most {MaxLength} characters.";
        // Absolute http(s) only, with a host: no javascript:, data:, protocol-relative //host or bare paths.
        if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !Url.Trim().StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return "url must be an absolute http or https URL, e.g. https://example.com/page.";
        }
        return null;
    }
}

public sealed record PrivacySettingsResponse(bool TrackIpAddresses, bool TrackUserAgents, bool TrackDateTimes);

public sealed record PixelResponse(
    long Id,
    long Created,
    string Token,
    string Url,
    long TimesOpened,
    long HumanOpens,
    long BotOpens,
    long MailTrackingId,
    string MailTrackingUrl);

public sealed record TrackableUrlResponse(
    long Id,
    long Created,
    string Token,
    string TrackableUrl,
    string OriginalUrl,
    long TimesOpened,
    long HumanClicks,
    long BotClicks,
    long MailTrackingId,
    string MailTrackingUrl);

public sealed record MailTrackingResponse(
    long Id,
    long Created,
    string MailTrackingUrl,
    string Name,
    bool Enabled,
    bool UniqueOpensOnly,
    PrivacySettingsResponse PrivacySettings,
    PixelResponse? TrackingPixel,
    IReadOnlyList<TrackableUrlResponse> TrackableUrls);

public sealed record Link(string Href);

public sealed record PageLinks(Link? Next);

public sealed record MailTrackingListResponse(
    IReadOnlyList<MailTrackingResponse> MailTrackings,
    [property: JsonPropertyName("_links")] PageLinks Links);

public sealed record HitDataEntry(
    long? Date,
    string? IpAddress,
    string? UserAgent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomData,
    long? Recipient,
    bool Bot,
    string? EmailClient,
    string? Device,
    string? Os,
    string? Country,
    string? City);

public sealed record HitDataResponse(long TimesOpened, long HumanOpens, long BotOpens, int Offset, int Limit, IReadOnlyList<HitDataEntry> Data);

public static class TrackingMapping
{
    public static MailTrackingResponse ToResponse(this MailTrackingInfo info, PublicUrls urls) => new(
        info.Id,
        info.Created.ToUnixTimeMilliseconds(),
        urls.MailTracking(info.Id),
        info.Settings.Name,
        info.Settings.Enabled,
        info.Settings.UniqueOpensOnly,
        new PrivacySettingsResponse(info.Settings.Privacy.TrackIpAddresses, info.Settings.Privacy.TrackUserAgents, info.Settings.Privacy.TrackDateTimes),
        info.Pixel?.ToPixelResponse(urls),
        [.. info.Links.Select(l => l.ToUrlResponse(urls))]);

    public static PixelResponse ToPixelResponse(this TrackableInfo pixel, PublicUrls urls) => new(
        pixel.Id,
        pixel.Created.ToUnixTimeMilliseconds(),
        PublicUrls.PixelToken(pixel.Token),
        urls.Pixel(pixel.Token),
        pixel.Counts.Total,
        pixel.Counts.Humans,
        pixel.Counts.Bots,
        pixel.TrackingId,
        urls.MailTracking(pixel.TrackingId));

    public static TrackableUrlResponse ToUrlResponse(this TrackableInfo link, PublicUrls urls) => new(
        link.Id,
        link.Created.ToUnixTimeMilliseconds(),
        link.Token,
        urls.Link(link.Token),
        link.OriginalUrl ?? "",
        link.Counts.Total,
        link.Counts.Humans,
        link.Counts.Bots,
        link.TrackingId,
        urls.MailTracking(link.TrackingId));

    public static HitDataResponse ToDataResponse(this HitPage page, int offset, int limit) => new(
        page.Counts.Total,
        page.Counts.Humans,
        page.Counts.Bots,
        offset,
        limit,
        [.. page.Hits.Select(ToEntry)]);

    private static HitDataEntry ToEntry(Hit hit)
    {
        // Derived when read, from what the privacy settings let us keep (no user agent: nothing derived).
        var agent = UserAgents.Describe(hit.UserAgent);
        return new HitDataEntry(hit.Date?.ToUnixTimeMilliseconds(), hit.IpAddress, hit.UserAgent, hit.CustomData, hit.RecipientId, hit.Bot,
            agent.EmailClient, agent.Device, agent.Os, null, null);
    }
}
