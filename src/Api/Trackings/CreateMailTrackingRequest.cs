using MailTracker.Api.Http;
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
