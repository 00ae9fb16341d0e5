using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;
using MailTracker.Api.Recipients;
using MailTracker.Api.Trackings;

namespace MailTracker.Api.Tracks;

public sealed record CreateTrackRequest(
    [property: Required, Description("The recipient's email address.")] string? Recipient,
    string? Subject,
    [property: DefaultValue(CreateTrackRequest.DefaultCampaign), Description("The campaign (a mail tracking of that name, created on first use).")] string? Campaign) : IValidatable
{
    public const string DefaultCampaign = "default";

    public string? Validate() =>
        string.IsNullOrWhiteSpace(Recipient) ? "recipient is required: the recipient's email address."
        : !CreateRecipientsRequest.IsEmail(Recipient.Trim()) ? $"recipient '{Recipient}' is not a valid email address."
        : CreateRecipientsRequest.TextProblem("subject", Subject) is { } problem ? problem + "."
        : Campaign is not null ? CreateMailTrackingRequest.NameProblem(Campaign, required: false)?.Replace("name", "campaign", StringComparison.Ordinal)
        : null;
}
