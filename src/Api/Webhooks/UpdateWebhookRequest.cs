using System.Text.Json;
using MailTracker.Api.Http;

namespace MailTracker.Api.Webhooks;

/// <summary><c>mailTrackingId</c>: a number filters by that mail tracking, null removes the filter, absent leaves it.</summary>
public sealed record UpdateWebhookRequest(string? Url, IReadOnlyList<string>? Events, JsonElement MailTrackingId, bool? Enabled) : IValidatable
{
    public string? Validate() =>
        CreateWebhookRequest.UrlProblem(Url, required: false) ?? CreateWebhookRequest.EventsProblem(Events, required: false)
        ?? (MailTrackingId.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Number) || (MailTrackingId.ValueKind == JsonValueKind.Number && !MailTrackingId.TryGetInt64(out _))
            ? "mailTrackingId must be a mail tracking id or null."
            : null);
}
