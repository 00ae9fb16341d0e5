namespace MailTracker.Recipients;

/// <summary>A page of events in commit order and the cursor to poll on from (the given one when there were none).</summary>
[GenerateSerializer, Immutable, Alias("mt.EventPage")]
public sealed record EventPage([property: Id(0)] IReadOnlyList<HitEvent> Events, [property: Id(1)] CommitCursor Next, [property: Id(2)] bool HasMore);
