using MailTracker.Hits;

namespace MailTracker.Recipients;

/// <summary>
/// A recipient with what happened to it (Procurios' recipient, plus counts). <see cref="Opens"/> and <see cref="Clicks"/>
/// are every counted hit, bots included, with how many were bots, in every backend; the API's <c>opens</c> is their
/// <see cref="HitCounts.Humans"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientInfo")]
public sealed record RecipientInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Token,
    [property: Id(2)] long TrackingId,
    [property: Id(3)] long AccountId,
    [property: Id(4)] string Email,
    [property: Id(5)] string? Name,
    [property: Id(6)] string? Subject,
    [property: Id(7)] DateTimeOffset Created,
    [property: Id(8)] DateTimeOffset? FirstOpen,
    [property: Id(9)] DateTimeOffset? FirstBotOpen,
    [property: Id(10)] DateTimeOffset? FirstClick,
    [property: Id(11)] DateTimeOffset? FirstBotClick,
    [property: Id(12)] DateTimeOffset? Unsubscribed,
    [property: Id(13)] DateTimeOffset? Bounced,
    [property: Id(14)] DateTimeOffset LastUpdate,
    [property: Id(15)] HitCounts Opens,
    [property: Id(16)] HitCounts Clicks)
{
    /// <summary>What the hit path needs of it.</summary>
    public RecipientFacts ToFacts() => new(Id, TrackingId, AccountId, Created);
}
