using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailTracker.Api.Http;
using MailTracker.Api.Recipients;
using MailTracker.Api.Templates;
using MailTracker.Messages;
using MimeKit;

namespace MailTracker.Api.Messages;

/// <summary>TrackPost's message: to, cc and bcc each an address or a list of addresses.</summary>
public sealed record SendEmailRequest(
    [property: Required, Description("The recipient: an address or a list of addresses.")] JsonElement? To,
    [property: Required, Description("The sender: an address, optionally with a display name (\"Acme <news@acme.example>\").")] string? From,
    [property: Description("The subject; required unless template_id gives it.")] string? Subject,
    [property: Description("The HTML body; html, text or template_id is required. {{unsubscribe_url}} in a link becomes the recipient's unsubscribe URL.")] string? Html,
    [property: Description("The plain-text body.")] string? Text,
    [property: Description("Carbon-copy recipients: an address or a list.")] JsonElement? Cc,
    [property: Description("Blind carbon-copy recipients: an address or a list.")] JsonElement? Bcc,
    [property: JsonPropertyName("reply_to"), Description("The Reply-To address.")] string? ReplyTo,
    [property: Description("Files to attach (base64).")] IReadOnlyList<SendEmailAttachment?>? Attachments,
    [property: Description("Tags for filtering and analytics.")] IReadOnlyList<string?>? Tags,
    [property: JsonPropertyName("track_opens"), DefaultValue(true), Description("Add the open-tracking pixel.")] bool? TrackOpens,
    [property: JsonPropertyName("track_clicks"), DefaultValue(true), Description("Rewrite http(s) links into trackable links.")] bool? TrackClicks,
    [property: JsonPropertyName("template_id"), Description("A template of the account (its id) whose subject, html and text are rendered with variables; a subject, html or text given here wins over the template's.")] string? TemplateId = null,
    [property: Description("The template's variables (strings, numbers or booleans); with template_id only.")] JsonElement? Variables = null,
    [property: JsonPropertyName("scheduled_at"), Description("When to send: ISO 8601 with an offset (Z or ±hh:mm), at most 30 days ahead; a time past sends now.")] string? ScheduledAt = null) : IValidatable
{
    /// <summary>How far ahead a message can be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(30);

    public const int MaxRecipients = 50;
    public const int MaxSubjectLength = 998;
    public const int MaxHtmlLength = 2 * 1024 * 1024;
    public const int MaxTextLength = 1024 * 1024;
    public const int MaxTags = 10;
    public const int MaxTagLength = 64;
    public const int MaxAttachments = 10;
    public const int MaxFilenameLength = 255;
    public const int MaxTemplateIdLength = 64;

    /// <summary>The whole request (attachments in base64 included).</summary>
    public const long MaxBodyBytes = 5 * 1024 * 1024;

    public string? Validate() =>
        AddressesProblem("to", To, required: true) ?? AddressesProblem("cc", Cc, required: false) ?? AddressesProblem("bcc", Bcc, required: false)
        ?? (Addresses(To).Count + Addresses(Cc).Count + Addresses(Bcc).Count > MaxRecipients ? $"to, cc and bcc hold at most {MaxRecipients} addresses together." : null)
        ?? (string.IsNullOrWhiteSpace(From) ? "from is required: the sender's address." : MailboxProblem("from", From))
        ?? (ReplyTo is null ? null : MailboxProblem("reply_to", ReplyTo))
        ?? TemplateProblem()
        ?? (Subject is null && TemplateId is not null ? null : string.IsNullOrWhiteSpace(Subject) ? "subject is required (or a template_id whose subject is used)." : TextProblem("subject", Subject, MaxSubjectLength))
        ?? (Html is null && Text is null && TemplateId is null ? "html or text is required: the message's body (or a template_id that has them)." : null)
        ?? TextProblem("html", Html, MaxHtmlLength) ?? TextProblem("text", Text, MaxTextLength)
        ?? TagsProblem() ?? AttachmentsProblem() ?? (ScheduledAt is null || ParseScheduledAt(ScheduledAt) is not null ? null : ScheduledAtProblem);

    public const string ScheduledAtProblem = "scheduled_at must be an ISO 8601 time with an offset (Z or ±hh:mm), e.g. 2025-01-15T10:30:00Z.";

    /// <summary>
    /// The time of a <c>scheduled_at</c>, or null when it is not one. A time without an offset is refused rather than
    /// guessed: read as UTC it would leave hours early or late for a sender who meant local time.
    /// </summary>
    public static DateTimeOffset? ParseScheduledAt(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) && parsed.Kind != DateTimeKind.Unspecified
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : null;

    /// <summary>The addresses of a to, cc or bcc that <see cref="Validate"/> accepted.</summary>
    public static IReadOnlyList<string> Addresses(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } one => [StringOf(one)?.Trim() ?? ""],
        { ValueKind: JsonValueKind.Array } many => [.. many.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => StringOf(e)?.Trim() ?? "")],
        _ => [],
    };

    /// <summary>Null for a string no .NET string can hold (a lone UTF-16 surrogate escape), which JSON allows.</summary>
    private static string? StringOf(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public IReadOnlyList<EmailAttachment> DecodedAttachments() =>
        [.. (Attachments ?? []).Select(a => new EmailAttachment(a!.Filename!.Trim(), string.IsNullOrWhiteSpace(a.ContentType) ? "application/octet-stream" : a.ContentType.Trim(), Convert.FromBase64String(a.Content!)))];

    private static string? AddressesProblem(string field, JsonElement? value, bool required)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null) return required ? $"{field} is required: an address or a list of addresses." : null;
        if (element.ValueKind == JsonValueKind.Array)
        {
            var items = element.EnumerateArray().ToList();
            if (items.Count == 0 && required) return $"{field} must hold at least one address.";
            if (items.Any(i => i.ValueKind != JsonValueKind.String)) return $"{field} must be an address or a list of addresses (strings).";
        }
        else if (element.ValueKind != JsonValueKind.String) return $"{field} must be an address or a list of addresses (strings).";
        var bad = Addresses(value).FirstOrDefault(a => !CreateRecipientsRequest.IsEmail(a));
        return bad is null ? null : $"{field}: '{Shorten(bad)}' is not a valid email address.";
    }

    private static string? MailboxProblem(string field, string value) =>
        value.Contains('\0', StringComparison.Ordinal) || !MailboxAddress.TryParse(value.Trim(), out var mailbox) || !CreateRecipientsRequest.IsEmail(mailbox.Address)
            ? $"{field}: '{Shorten(value)}' is not a valid email address."
            : null;

    private static string? TextProblem(string field, string? text, int max) =>
        text?.Length > max ? $"{field} is longer than {max} characters."
        : text?.Contains('\0', StringComparison.Ordinal) == true ? $"{field} must not contain the NUL character (U+0000)."
        : null;

    private string? TemplateProblem()
    {
        var variables = Variables ?? default;
        if (TemplateId is null) return variables.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : "variables are a template's: give template_id with them.";
        if (string.IsNullOrWhiteSpace(TemplateId) || TemplateId.Length > MaxTemplateIdLength) return $"template_id must be a template's id (1 to {MaxTemplateIdLength} characters).";
        if (TemplateVariables.ShapeProblem(variables) is { } shape) return shape;
        const string unstorable = "variables must not contain the NUL character (U+0000) or a lone surrogate.";
        try
        {
            // PostgreSQL's text cannot hold U+0000, and the message keeps its variables.
            return variables.ValueKind == JsonValueKind.Object && variables.EnumerateObject().Any(v => v.Name.Contains('\0', StringComparison.Ordinal)
                || (v.Value.ValueKind == JsonValueKind.String && v.Value.GetString()!.Contains('\0', StringComparison.Ordinal)))
                ? unstorable
                : null;
        }
        catch (InvalidOperationException)
        {
            // A name or value no .NET string can hold (a lone UTF-16 surrogate escape), which JSON allows.
            return unstorable;
        }
    }

    private string? TagsProblem()
    {
        if (Tags is null) return null;
        if (Tags.Count > MaxTags) return $"tags holds at most {MaxTags} tags.";
        return Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTagLength || t.Contains('\0', StringComparison.Ordinal) || t.Contains(',', StringComparison.Ordinal))
            ? $"tags: every tag is 1 to {MaxTagLength} characters without commas."
            : null;
    }

    private string? AttachmentsProblem()
    {
        if (Attachments is null) return null;
        if (Attachments.Count > MaxAttachments) return $"attachments holds at most {MaxAttachments} files.";
        for (var i = 0; i < Attachments.Count; i++)
        {
            var a = Attachments[i];
            if (a is null) return $"attachments[{i}] must be an object with filename and content.";
            if (string.IsNullOrWhiteSpace(a.Filename) || a.Filename.Length > MaxFilenameLength || a.Filename.Contains('\0', StringComparison.Ordinal))
            {
                return $"attachments[{i}].filename is required (1 to {MaxFilenameLength} characters).";
            }
            if (a.Content is null || !IsBase64(a.Content)) return $"attachments[{i}].content is required: the file in base64.";
            if (a.ContentType is { } type && (type.Contains('\0', StringComparison.Ordinal) || !ContentType.TryParse(type.Trim(), out _))) return $"attachments[{i}].contentType '{Shorten(type)}' is not a MIME type.";
        }
        return null;
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
