namespace MailTracker.Recipients;

/// <summary>A page of a mail tracking's recipients in update order, and the cursor to poll on from.</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientPage")]
public sealed record RecipientPage([property: Id(0)] IReadOnlyList<RecipientInfo> Recipients, [property: Id(1)] CommitCursor Next, [property: Id(2)] bool HasMore);
