using MailTracker.Hits;
using MailTracker.Recipients;
using Orleans.Concurrency;

namespace MailTracker.Trackings;

[GenerateSerializer, Immutable, Alias("mt.PrivacySettings")]
public sealed record PrivacySettings(
    [property: Id(0)] bool TrackIpAddresses,
    [property: Id(1)] bool TrackUserAgents,
    [property: Id(2)] bool TrackDateTimes);

[GenerateSerializer, Immutable, Alias("mt.TrackingSettings")]
public sealed record TrackingSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] bool UniqueOpensOnly,
    [property: Id(3)] PrivacySettings Privacy);

/// <summary>A mail tracking as the API shows it; pixel and links carry their live counters.</summary>
[GenerateSerializer, Immutable, Alias("mt.MailTrackingInfo")]
public sealed record MailTrackingInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long AccountId,
    [property: Id(2)] DateTimeOffset Created,
    [property: Id(3)] TrackingSettings Settings,
    [property: Id(4)] TrackableInfo? Pixel,
    [property: Id(5)] IReadOnlyList<TrackableInfo> Links);

/// <summary>A change to a mail tracking: null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackingUpdate")]
public sealed record TrackingUpdate(
    [property: Id(0)] string? Name,
    [property: Id(1)] bool? Enabled,
    [property: Id(2)] bool? UniqueOpensOnly,
    [property: Id(3)] bool? TrackIpAddresses,
    [property: Id(4)] bool? TrackUserAgents,
    [property: Id(5)] bool? TrackDateTimes);

/// <summary>A tracking pixel (Open) or a trackable link (Click).</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackableInfo")]
public sealed record TrackableInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] HitKind Kind,
    [property: Id(2)] long TrackingId,
    [property: Id(3)] long AccountId,
    [property: Id(4)] DateTimeOffset Created,
    [property: Id(5)] string Token,
    [property: Id(6)] string? OriginalUrl,
    [property: Id(7)] HitCounts Counts);

/// <summary>An uploaded image that a pixel serves instead of the 1x1 GIF.</summary>
[GenerateSerializer, Immutable, Alias("mt.CustomImage")]
public sealed record CustomImage([property: Id(0)] string ContentType, [property: Id(1)] byte[] Bytes);

/// <summary>A page of a pixel's or link's stored hits.</summary>
[GenerateSerializer, Immutable, Alias("mt.HitPage")]
public sealed record HitPage([property: Id(0)] HitCounts Counts, [property: Id(1)] IReadOnlyList<Hit> Hits);

public enum Outcome
{
    Ok,
    NotFound,
    Conflict,
    LimitExceeded,
    Invalid,
}

/// <summary>What a grain command returns: the value, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("mt.Result`1")]
public sealed record Result<T>([property: Id(0)] Outcome Outcome, [property: Id(1)] T? Value, [property: Id(2)] string? Message = null)
{
    public static Result<T> Ok(T value) => new(Outcome.Ok, value);

    public static Result<T> Fail(Outcome outcome, string? message = null) => new(outcome, default, message);
}

[Alias("mt.IMailTrackingGrain")]
public interface IMailTrackingGrain : IGrainWithIntegerKey
{
    [Alias("Create")]
    Task<MailTrackingInfo> CreateAsync(long accountId, TrackingSettings settings, byte[] ipSalt);

    /// <summary>Null when the tracking does not exist or belongs to another account (they look the same).</summary>
    [Alias("Get")]
    Task<MailTrackingInfo?> GetAsync(long accountId);

    /// <summary>Changes what is given; naming a privacy setting with another value than it has is <see cref="Outcome.Invalid"/>.</summary>
    [Alias("Update")]
    Task<Result<MailTrackingInfo>> UpdateAsync(long accountId, TrackingUpdate update);

    /// <summary>Removes the tracking with its pixel, links and recipients; false when there was nothing to delete. Answered once no silo serves its tokens.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(long accountId);

    [Alias("AddPixel")]
    Task<Result<TrackableInfo>> AddPixelAsync(long accountId, CustomImage? image);

    [Alias("AddLink")]
    Task<Result<TrackableInfo>> AddLinkAsync(long accountId, string url);

    [Alias("RemoveLink")]
    Task<bool> RemoveLinkAsync(long accountId, long linkId);

    /// <summary>
    /// Creates the recipients whose emails are new to this tracking (in bulk) and returns every requested one in
    /// request order; an email it already has keeps its token. Null when the tracking is not the account's.
    /// </summary>
    [Alias("AddRecipients")]
    Task<IReadOnlyList<CreatedRecipient>?> AddRecipientsAsync(long accountId, IReadOnlyList<RecipientSpec> recipients);

    /// <summary>The recipients changed after <paramref name="after"/>, in update order; null when the tracking is not the account's.</summary>
    [ReadOnly, Alias("ListRecipients")]
    Task<RecipientPage?> ListRecipientsAsync(long accountId, CommitCursor after, int limit);
}

/// <summary>What a pixel or link needs to exist: fixed at creation.</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackableSpec")]
public sealed record TrackableSpec(
    [property: Id(0)] HitKind Kind,
    [property: Id(1)] long TrackingId,
    [property: Id(2)] long AccountId,
    [property: Id(3)] string Token,
    [property: Id(4)] string? OriginalUrl,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] bool UniqueOpensOnly);

/// <summary>A pixel or a trackable link, keyed by its id: it decides alone which hits count.</summary>
[Alias("mt.ITrackableGrain")]
public interface ITrackableGrain : IGrainWithIntegerKey
{
    [Alias("Create")]
    Task<TrackableInfo> CreateAsync(TrackableSpec spec);

    [Alias("Get")]
    Task<TrackableInfo?> GetAsync(long accountId);

    /// <summary>Null when the entity does not exist, belongs to another account or is not of <paramref name="kind"/>.</summary>
    [Alias("GetData")]
    Task<HitPage?> GetDataAsync(long accountId, HitKind kind, int offset, int limit);

    /// <summary>The tracking's switches that decide counting (pushed by the tracking when they change).</summary>
    [Alias("SetSwitches")]
    Task SetSwitchesAsync(bool enabled, bool uniqueOpensOnly);

    /// <summary>Removes the entity, its token and its data; answered once no silo serves its token.</summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>
    /// Which of these committed hits (in commit order) count nothing: all while paused or deleted, each
    /// repeated IP under uniqueOpensOnly. Deciding again on the same hit ids gives the same answer.
    /// </summary>
    [Alias("Decide")]
    Task<HitVerdict> DecideAsync(IReadOnlyList<HitClaim> hits);
}

/// <summary>What a pixel or link needs of a hit to decide whether it counts.</summary>
[GenerateSerializer, Immutable, Alias("mt.HitClaim")]
public readonly record struct HitClaim([property: Id(0)] Guid HitId, [property: Id(1)] string? IpHash);

/// <summary>
/// A pixel's or link's decision on a batch of its hits. <see cref="CountsEverything"/>: it counts every hit
/// as things stand (enabled, not unique-only), so the log tailer may count its hits without asking until the
/// entity tells it otherwise (<c>IPartitionTailerGrain.ForgetVerdictAsync</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.HitVerdict")]
public sealed record HitVerdict([property: Id(0)] IReadOnlyList<Guid> Rejected, [property: Id(1)] bool CountsEverything);

/// <summary>The immutable facts a hit endpoint needs about a token, cached per silo.</summary>
[GenerateSerializer, Immutable, Alias("mt.TokenFacts")]
public sealed record TokenFacts(
    [property: Id(0)] HitKind Kind,
    [property: Id(1)] long EntityId,
    [property: Id(2)] long TrackingId,
    [property: Id(3)] long AccountId,
    [property: Id(4)] string? OriginalUrl,
    [property: Id(5)] PrivacySettings Privacy,
    [property: Id(6)] string? ImageContentType,
    [property: Id(7)] byte[] IpSalt);

/// <summary>A public token (pixel or link), keyed by the token itself (a safe string key, see GrainKeys).</summary>
[Alias("mt.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync(TokenFacts facts, CustomImage? image);

    [Alias("GetFacts")]
    Task<TokenFacts?> GetFactsAsync();

    [Alias("GetImage")]
    Task<CustomImage?> GetImageAsync();

    /// <summary>Answered once every silo's hit cache has dropped the token (through <see cref="Hits.IHitCacheHubGrain"/>).</summary>
    [Alias("Delete")]
    Task DeleteAsync();
}
