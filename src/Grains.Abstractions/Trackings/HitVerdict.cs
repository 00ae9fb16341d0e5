namespace MailTracker.Trackings;

/// <summary>
/// A pixel's or link's decision on a batch of its hits. <see cref="CountsEverything"/>: it counts every hit
/// as things stand (enabled, not unique-only), so the log tailer may count its hits without asking until the
/// entity tells it otherwise (<c>IPartitionTailerGrain.ForgetVerdictAsync</c>). <see cref="OncePerAddress"/>
/// (uniqueOpensOnly): of the hits not rejected, only the first of each IP hash ever counts; the log tailer
/// decides that against the stored claims of addresses, in the transaction that counts the hits.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.HitVerdict")]
public sealed record HitVerdict(
    [property: Id(0)] IReadOnlyList<Guid> Rejected,
    [property: Id(1)] bool CountsEverything,
    [property: Id(2)] bool OncePerAddress = false);
