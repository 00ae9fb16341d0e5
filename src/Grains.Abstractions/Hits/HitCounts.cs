namespace MailTracker.Hits;

/// <summary>How many stored hits there are, and how many of them are bots.</summary>
[GenerateSerializer, Immutable, Alias("mt.HitCounts")]
public readonly record struct HitCounts([property: Id(0)] long Total, [property: Id(1)] long Bots)
{
    public long Humans => Total - Bots;

    public static HitCounts operator +(HitCounts a, HitCounts b) => new(a.Total + b.Total, a.Bots + b.Bots);
}
