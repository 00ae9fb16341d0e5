using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;
using MailTracker.Webhooks;

namespace MailTracker.Api.Webhooks;

public sealed record CreateWebhookRequest(
    [property: Required, Description("The https URL to deliver to.")] string? Url,
    [property: Required, Description("email.opened, link.clicked, recipient.unsubscribed, recipient.bounced.")] IReadOnlyList<string>? Events,
    [property: Description("Only events of this mail tracking; all when absent.")] long? MailTrackingId,
    [property: Description("whsec_<base64 of at least 24 random bytes>; generated when absent.")] string? Secret,
    [property: DefaultValue(true)] bool? Enabled) : IValidatable
{
    public const int MaxUrlLength = 2048;

    public string? Validate() =>
        UrlProblem(Url, required: true) ?? EventsProblem(Events, required: true) ?? SecretProblem(Secret);

    internal static string? UrlProblem(string? url, bool required) => url switch
    {
        null when required => "url is required: the https URL to deliver to.",
        null => null,
        _ when url.Length > MaxUrlLength => $"url must be at most {MaxUrlLength} characters.",
        _ when !Uri.TryCreate(url.Trim(), UriKind.Absolute, out _) => "url must be an absolute https URL.",
        _ => null,
    };

    internal static string? EventsProblem(IReadOnlyList<string>? events, bool required)
    {
        if (events is null) return required ? $"events is required: a list of {string.Join(", ", WebhookEvents.All)}." : null;
        if (events.Count == 0) return "events must name at least one event.";
        // Checked apart: FirstOrDefault below cannot tell a null item from no unknown item.
        if (events.Any(e => e is null)) return $"events: every item must be one of {string.Join(", ", WebhookEvents.All)}, not null.";
        var unknown = events.FirstOrDefault(e => !WebhookEvents.All.Contains(e));
        return unknown is null ? null : $"events: '{unknown}' is not one of {string.Join(", ", WebhookEvents.All)}.";
    }

    private static string? SecretProblem(string? secret)
    {
        if (secret is null) return null;
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal)) return "secret must look like whsec_<base64 of at least 24 random bytes>, or be left out to have one generated.";
        Span<byte> key = stackalloc byte[256];
        return Convert.TryFromBase64String(secret[6..], key, out var length) && length >= 24
            ? null
            : "secret must be whsec_ followed by the base64 of at least 24 random bytes.";
    }
}
