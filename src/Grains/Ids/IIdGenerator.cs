namespace MailTracker.Grains.Ids;

/// <summary>Hands out numeric entity ids that are unique across every silo process.</summary>
public interface IIdGenerator
{
    ValueTask<long> NextAsync(CancellationToken cancellationToken = default);

    /// <summary><paramref name="count"/> ids at once (bulk creation), without a round trip per block.</summary>
    ValueTask<long[]> NextManyAsync(int count, CancellationToken cancellationToken = default);
}
