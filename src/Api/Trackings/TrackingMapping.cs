using MailTracker.Api.Http;
using MailTracker.Grains.Classification;
using MailTracker.Grains.Locations;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Api.Trackings;

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

    public static HitDataResponse ToDataResponse(this HitPage page, int offset, int limit, UserAgentDescriber describer, HitLocator locator) => new(
        page.Counts.Total,
        page.Counts.Humans,
        page.Counts.Bots,
        offset,
        limit,
        [.. page.Hits.Select(hit => ToEntry(hit, describer, locator))]);

    private static HitDataEntry ToEntry(Hit hit, UserAgentDescriber describer, HitLocator locator)
    {
        // Derived when read, from what the privacy settings let us keep (no user agent: nothing derived; no address: no place).
        var agent = describer.Describe(hit.UserAgent);
        var place = locator.Locate(hit.IpAddress);
        return new HitDataEntry(hit.Date?.ToUnixTimeMilliseconds(), hit.IpAddress, hit.UserAgent, hit.CustomData, hit.RecipientId, hit.Bot, hit.BotReason, hit.Proxy,
            agent.EmailClient, agent.Device, agent.Os, place?.Country, place?.City);
    }
}
