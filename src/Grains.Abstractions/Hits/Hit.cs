namespace MailTracker.Hits;

/// <summary>
/// One pixel or link hit, as written to the log: what the tracking's privacy settings allow and
/// nothing more (a field it forbids is null here and therefore stored nowhere). Its columns are
/// declared once, in the hit table's schema (<c>HitTable</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.Hit")]
public sealed record Hit(
    [property: Id(0)] Guid HitId,
    [property: Id(1)] HitKind Kind,
    [property: Id(2)] long EntityId,
    [property: Id(3)] long TrackingId,
    [property: Id(4)] long AccountId,
    [property: Id(5)] DateTimeOffset? Date,
    [property: Id(6)] string? IpAddress,
    [property: Id(7)] string? IpHash,
    [property: Id(8)] string? UserAgent,
    [property: Id(9)] string? CustomData,
    [property: Id(10)] long? RecipientId,
    [property: Id(11)] bool Bot)
{
    /// <summary>
    /// Set only on a hit logged before its token could be resolved (its grain did not answer in time):
    /// then EntityId is 0 and the raw request fields are kept until the log tailer resolves it.
    /// </summary>
    [Id(12)]
    public string? Token { get; init; }

    /// <summary>The raw <c>?r=</c> recipient token of an unresolved hit: attributed when it is resolved, as at request time.</summary>
    [Id(13)]
    public string? RecipientToken { get; init; }

    /// <summary>Why <see cref="Bot"/> is true (one of <see cref="BotReasons"/>); null for a person.</summary>
    [Id(14)]
    public string? BotReason { get; init; }

    /// <summary>The provider's image proxy a person's open came through (<c>gmail</c>, <c>yahoo</c>, …).</summary>
    [Id(15)]
    public string? Proxy { get; init; }

    /// <summary>The classification rules' version the verdict was judged under.</summary>
    [Id(16)]
    public string? RulesVersion { get; init; }

    public BotVerdict Verdict => new(Bot, BotReason, Proxy, RulesVersion);

    public bool IsUnresolved => EntityId == 0;

    /// <summary>The log partition: all hits of one pixel or link stay in one partition, in commit order.</summary>
    public int Partition => HitPartitions.Of(EntityId);
}
