namespace MailTracker.Messages;

[GenerateSerializer, Immutable, Alias("mt.EmailAttachment")]
public sealed record EmailAttachment([property: Id(0)] string Filename, [property: Id(1)] string ContentType, [property: Id(2)] byte[] Content);
