using MailTracker.Hits;

namespace MailTracker.Recipients;

/// <summary>One recipient to create: the email identifies it within the mail tracking.</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientSpec")]
public sealed record RecipientSpec([property: Id(0)] string Email, [property: Id(1)] string? Name, [property: Id(2)] string? Subject);

/// <summary>A recipient as created (or found again: the same email keeps its token).</summary>
[GenerateSerializer, Immutable, Alias("mt.CreatedRecipient")]
public sealed record CreatedRecipient(
    [property: Id(0)] long Id,
    [property: Id(1)] string Token,
    [property: Id(2)] string Email,
    [property: Id(3)] string? Name,
    [property: Id(4)] string? Subject,
    [property: Id(5)] DateTimeOffset Created);

/// <summary>What the hit path needs to attribute a hit to a recipient, cached per silo.</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientFacts")]
public sealed record RecipientFacts(
    [property: Id(0)] long Id,
    [property: Id(1)] long TrackingId,
    [property: Id(2)] long AccountId,
    [property: Id(3)] DateTimeOffset Created);

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
    [property: Id(16)] HitCounts Clicks);

public enum RecipientEvent
{
    Unsubscribed,
    Bounced,
}

/// <summary>
/// A per-recipient token, keyed by the token itself (a safe string key, 'r' prefix). Its row is created in
/// bulk with the others of its request; the grain reads it when it activates.
/// </summary>
[Alias("mt.IRecipientGrain")]
public interface IRecipientGrain : IGrainWithStringKey
{
    /// <summary>Null when the token is unknown or the recipient was deleted.</summary>
    [Alias("GetFacts")]
    Task<RecipientFacts?> GetFactsAsync();

    [Alias("Get")]
    Task<RecipientInfo?> GetAsync(long accountId);

    /// <summary>Records an unsubscribe or a bounce (the first one's time is kept).</summary>
    [Alias("Record")]
    Task<RecipientInfo?> RecordAsync(long accountId, RecipientEvent what);

    /// <summary>
    /// Removes the recipient; its events and the tracking's counts stay. Null when there was none. Answered once
    /// no silo attributes hits to its token any more.
    /// </summary>
    [Alias("Delete")]
    Task<RecipientInfo?> DeleteAsync(long accountId);

    /// <summary>The recipient's counted opens, oldest first (at most 1000); null when it is not the account's.</summary>
    [Alias("GetOpens")]
    Task<IReadOnlyList<RecipientOpen>?> GetOpensAsync(long accountId);
}

/// <summary>A page of a mail tracking's recipients in update order, and the cursor to poll on from.</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientPage")]
public sealed record RecipientPage([property: Id(0)] IReadOnlyList<RecipientInfo> Recipients, [property: Id(1)] CommitCursor Next, [property: Id(2)] bool HasMore);

/// <summary>
/// A point in a commit order (the recipients list, the event feeds): rows are read in (Xid, Seq) order, only
/// below the reading snapshot's xmin, so a row that commits late is never skipped.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.CommitCursor")]
public readonly record struct CommitCursor([property: Id(0)] long Xid, [property: Id(1)] long Seq)
{
    public static readonly CommitCursor Start = new(0, 0);
}

/// <summary>One line of a recipients CSV export.</summary>
public sealed record RecipientCsvRow(string Email, string Token, DateTimeOffset Created);

/// <summary>
/// Reads recipients straight from storage where no grain should: exports of any size (streamed, so no grain
/// holds them) and finding a recipient's token, which keys its grain, by its id.
/// </summary>
public interface IRecipientDirectory
{
    /// <summary>Ownership is the caller's to check first.</summary>
    IAsyncEnumerable<RecipientCsvRow> ExportAsync(long trackingId, CancellationToken cancellationToken = default);

    /// <summary>The token of a recipient that exists (not deleted); ownership is its grain's to check.</summary>
    Task<string?> FindTokenAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>MailSignal's track list filters: a campaign (a mail tracking by name), opened or not, created from/to.</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackQuery")]
public sealed record TrackQuery(
    [property: Id(0)] string? Campaign,
    [property: Id(1)] bool? Opened,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] long? AfterId,
    [property: Id(5)] int Limit);

/// <summary>A track: a recipient of a campaign's mail tracking, with the campaign's name (null for other mail trackings).</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackInfo")]
public sealed record TrackInfo([property: Id(0)] RecipientInfo Recipient, [property: Id(1)] string? Campaign);

[GenerateSerializer, Immutable, Alias("mt.TrackPage")]
public sealed record TrackPage([property: Id(0)] IReadOnlyList<TrackInfo> Tracks, [property: Id(1)] bool HasMore);

/// <summary>One open of a recipient, as MailSignal's track shows it (what the privacy settings kept).</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientOpen")]
public sealed record RecipientOpen([property: Id(0)] DateTimeOffset? Date, [property: Id(1)] string? UserAgent, [property: Id(2)] bool Bot);
