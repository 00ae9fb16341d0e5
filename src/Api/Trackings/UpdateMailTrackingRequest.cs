using MailTracker.Api.Http;
using MailTracker.Trackings;

namespace MailTracker.Api.Trackings;

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
