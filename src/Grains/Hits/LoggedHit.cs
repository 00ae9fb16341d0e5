using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// What a partition tailer needs of a logged hit to decide it, count it and roll it up, as a value (a tailer reads thousands
/// a second into one reused page: no object per row). <see cref="Raw"/> is set only on a hit logged before its token could be
/// resolved (EntityId 0): the whole raw row, which the hit policy still has to shape.
/// </summary>
public readonly record struct LoggedHit(
    Guid HitId, HitKind Kind, long EntityId, bool Bot, string? IpHash, long? RecipientId, DateTimeOffset? Date, Hit? Raw = null)
{
    public long TrackingId { get; init; }

    public long AccountId { get; init; }

    /// <summary>What the analytics' breakdowns derive the client and device from (null where not tracked).</summary>
    public string? UserAgent { get; init; }

    /// <summary>What the analytics' breakdowns derive the country from (null where not tracked).</summary>
    public string? IpAddress { get; init; }

    /// <summary>The image proxy a person's open came through.</summary>
    public string? Proxy { get; init; }

    /// <summary>The hit's place in its partition of the log: what the consumption's pages list (<c>HitPages</c>).</summary>
    public LogPosition Place { get; init; }

    public bool IsUnresolved => EntityId == 0;

    /// <summary>
    /// What a tailer reads of <paramref name="hit"/>: the user agent, address and proxy only of a person's open (or an
    /// unresolved hit), as <c>HitTable.TailerSelectList</c> reads them: nothing else is broken down.
    /// </summary>
    public static LoggedHit Of(Hit hit, LogPosition place = default)
    {
        var forPeople = hit.IsUnresolved || (hit.Kind == HitKind.Open && !hit.Bot);
        return new(hit.HitId, hit.Kind, hit.EntityId, hit.Bot, hit.IpHash, hit.RecipientId, hit.Date, hit.IsUnresolved ? hit : null)
        {
            TrackingId = hit.TrackingId,
            AccountId = hit.AccountId,
            UserAgent = forPeople ? hit.UserAgent : null,
            IpAddress = forPeople ? hit.IpAddress : null,
            Proxy = forPeople ? hit.Proxy : null,
            Place = place,
        };
    }
}
