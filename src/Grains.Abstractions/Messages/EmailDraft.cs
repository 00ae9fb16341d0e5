namespace MailTracker.Messages;

/// <summary>
/// A message as the API accepted it. <see cref="PublicBaseUrl"/> is where its pixel, links and unsubscribe page are
/// served (the API's configuration), so that the sender builds the same URLs on every silo. A message sent with a
/// template keeps the template's id and the variables it was rendered with; its subject and bodies are the rendered ones.
/// <see cref="ScheduledAt"/> is when a scheduled message leaves (its outbox entries' due time); null sends it now.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.EmailDraft")]
public sealed record EmailDraft(
    [property: Id(0)] string From,
    [property: Id(1)] IReadOnlyList<string> To,
    [property: Id(2)] IReadOnlyList<string> Cc,
    [property: Id(3)] IReadOnlyList<string> Bcc,
    [property: Id(4)] string? ReplyTo,
    [property: Id(5)] string Subject,
    [property: Id(6)] string? Html,
    [property: Id(7)] string? Text,
    [property: Id(8)] IReadOnlyList<EmailAttachment> Attachments,
    [property: Id(9)] IReadOnlyList<string> Tags,
    [property: Id(10)] bool TrackOpens,
    [property: Id(11)] bool TrackClicks,
    [property: Id(12)] bool Test,
    [property: Id(13)] string PublicBaseUrl,
    [property: Id(14)] string? TemplateId = null,
    [property: Id(15)] IReadOnlyDictionary<string, string>? Variables = null,
    [property: Id(16)] DateTimeOffset? ScheduledAt = null);
