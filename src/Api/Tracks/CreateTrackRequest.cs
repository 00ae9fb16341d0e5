using MailTracker.Api.Http;
using MailTracker.Api.Recipients;
using MailTracker.Api.Trackings;

namespace MailTracker.Api.Tracks;

public sealed record CreateTrackRequest(string? Recipient, string? Subject, string? Campaign) : IValidatable
{
    public const string DefaultCampaign = "default";

    public string? Validate() =>
        string.IsNullOrWhiteSpace(Recipient) ? "recipient is required: the recipient's email address."
        : !CreateRecipientsRequest.IsEmail(Recipient.Trim()) ? $"recipient '{Recipient}' is not a valid email address."
        : CreateRecipientsRequest.TextProblem("subject", Subject) is { } problem ? problem + "."
        : Campaign is not null ? CreateMailTrackingRequest.NameProblem(Campaign, required: false)?.Replace("name", "campaign", StringComparison.Ordinal)
        : null;
}
