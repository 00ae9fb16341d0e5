using MailTracker.Hits;

namespace MailTracker.Recipients;

/// <summary>One open or click of an account's event feed (Procurios' raw events).</summary>
/// <param name="Location">The salted hash of the IP (stable per account, not reversible); null when IPs are not tracked.</param>
/// <param name="Recipient">The recipient's token, when the hit came through one.</param>
[GenerateSerializer, Immutable, Alias("mt.HitEvent")]
public sealed record HitEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] HitKind Kind,
    [property: Id(2)] long EntityId,
    [property: Id(3)] long TrackingId,
    [property: Id(4)] DateTimeOffset? Date,
    [property: Id(5)] string? Location,
    [property: Id(6)] bool Bot,
    [property: Id(7)] string? Recipient)
{
    /// <summary>Why the hit is a bot's (one of <see cref="BotReasons"/>).</summary>
    [Id(8)]
    public string? BotReason { get; init; }

    /// <summary>The provider's image proxy a person's open came through.</summary>
    [Id(9)]
    public string? Proxy { get; init; }

    /// <summary>What the privacy settings let the hit keep, for what is derived from it (client, device, place); never shown raw in feeds.</summary>
    [Id(10)]
    public string? UserAgent { get; init; }

    [Id(11)]
    public string? IpAddress { get; init; }

    /// <summary>Where the event is in commit order: a feed read after it starts with the next one.</summary>
    [Id(12)]
    public CommitCursor Position { get; init; }

    /// <summary>The event of a decided hit, through the recipient token <paramref name="recipient"/> if any.</summary>
    public static HitEvent Of(Hit hit, string? recipient, CommitCursor position = default) =>
        new(hit.HitId, hit.Kind, hit.EntityId, hit.TrackingId, hit.Date, hit.IpHash, hit.Bot, recipient)
        {
            BotReason = hit.BotReason,
            Proxy = hit.Proxy,
            UserAgent = hit.UserAgent,
            IpAddress = hit.IpAddress,
            Position = position,
        };
}
