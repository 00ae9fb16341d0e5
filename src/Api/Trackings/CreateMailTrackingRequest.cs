using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;
using MailTracker.Trackings;

namespace MailTracker.Api.Trackings;

public sealed record CreateMailTrackingRequest(
    [property: Required, Description("The name of the mail tracking, 1 to 64 characters.")] string? Name,
    [property: DefaultValue(true), Description("Whether hits are recorded; false pauses the tracking.")] bool? Enabled,
    [property: DefaultValue(false), Description("Count each IP address once per pixel and link; needs trackIpAddresses.")] bool? UniqueOpensOnly,
    [property: DefaultValue(true), Description("Privacy: record IP addresses (fixed at creation).")] bool? TrackIpAddresses,
    [property: DefaultValue(true), Description("Privacy: record user agents (fixed at creation).")] bool? TrackUserAgents,
    [property: DefaultValue(true), Description("Privacy: record the date and time of hits (fixed at creation).")] bool? TrackDateTimes) : IValidatable
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
