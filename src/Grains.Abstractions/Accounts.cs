using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Trackings;
using MailTracker.Webhooks;
using Orleans.Concurrency;

namespace MailTracker.Accounts;

/// <summary>A customer of the service; every entity belongs to exactly one account.</summary>
[GenerateSerializer, Immutable, Alias("mt.Account")]
public sealed record Account(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Plan,
    [property: Id(3)] DateTimeOffset Created);

/// <summary>An API key as listed: never the secret itself.</summary>
[GenerateSerializer, Immutable, Alias("mt.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Environment,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] string Prefix);

/// <summary>A newly issued key: the only time the secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("mt.IssuedApiKey")]
public sealed record IssuedApiKey([property: Id(0)] ApiKeyInfo Info, [property: Id(1)] string Key);

/// <summary>A page of an account's mail tracking ids, oldest first, and whether more follow.</summary>
[GenerateSerializer, Immutable, Alias("mt.IdPage")]
public sealed record IdPage([property: Id(0)] IReadOnlyList<long> Ids, [property: Id(1)] bool HasMore);

/// <summary>One account, keyed by its numeric id.</summary>
[Alias("mt.IAccountGrain")]
public interface IAccountGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the account once; a repeat with the same id returns the existing account.</summary>
    [Alias("Create")]
    Task<Account> CreateAsync(string name, string plan);

    /// <summary>The account, or null when it was never created.</summary>
    [Alias("Get")]
    Task<Account?> GetAsync();

    [Alias("IssueApiKey")]
    Task<IssuedApiKey?> IssueApiKeyAsync(string name, string environment);

    [Alias("ListApiKeys")]
    Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync();

    [Alias("RevokeApiKey")]
    Task<bool> RevokeApiKeyAsync(long keyId);

    [Alias("CreateMailTracking")]
    Task<MailTrackingInfo?> CreateMailTrackingAsync(TrackingSettings settings);

    [Alias("ForgetMailTracking")]
    Task ForgetMailTrackingAsync(long trackingId);

    [Alias("ListMailTrackings")]
    Task<IdPage> ListMailTrackingsAsync(long? afterId, int limit);

    /// <summary>The mail tracking of a MailSignal campaign (by name), created with its pixel on first use when asked to.</summary>
    [Alias("GetCampaign")]
    Task<long?> GetCampaignAsync(string name, bool create);

    /// <summary>The account's recipients as MailSignal tracks, newest first.</summary>
    [ReadOnly, Alias("ListTracks")]
    Task<TrackPage> ListTracksAsync(TrackQuery query);

    /// <summary>Creates a webhook with a new id, and a new secret unless one is given.</summary>
    [Alias("CreateWebhook")]
    Task<Result<CreatedWebhook>> CreateWebhookAsync(WebhookSpec spec, string? secret);

    [Alias("ListWebhooks")]
    Task<IReadOnlyList<long>> ListWebhooksAsync();

    /// <summary>Takes a deleted webhook off the list; the webhook grain calls it as it is deleted.</summary>
    [Alias("ForgetWebhook")]
    Task ForgetWebhookAsync(long webhookId);

    /// <summary>The account's opens or clicks (optionally of one of its mail trackings; null when it has no such tracking) after a cursor, in commit order.</summary>
    [ReadOnly, Alias("GetEvents")]
    Task<EventPage?> GetEventsAsync(HitKind kind, long? trackingId, CommitCursor after, int limit);

    [Alias("GetBlacklist")]
    Task<IReadOnlyList<string>> GetBlacklistAsync();

    /// <summary>Replaces the blacklist; answered once every silo's hit cache has dropped the old one.</summary>
    [Alias("SetBlacklist")]
    Task SetBlacklistAsync(IReadOnlyList<string> entries);
}

/// <summary>The cluster-wide list of account ids, for operators (one grain, key 0).</summary>
[Alias("mt.IAccountDirectoryGrain")]
public interface IAccountDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Allocates a new account id and creates the account.</summary>
    [Alias("Create")]
    Task<Account> CreateAccountAsync(string name, string plan);

    [Alias("List")]
    Task<IReadOnlyList<long>> ListAsync();
}

/// <summary>What an API key grants.</summary>
[GenerateSerializer, Immutable, Alias("mt.ApiKeyGrant")]
public sealed record ApiKeyGrant([property: Id(0)] long AccountId, [property: Id(1)] long KeyId, [property: Id(2)] string Environment);

/// <summary>One API key, keyed by a hash of its secret (the secret itself is stored nowhere).</summary>
[Alias("mt.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task CreateAsync(ApiKeyGrant grant);

    /// <summary>The grant, or null when the key is unknown or revoked.</summary>
    [Alias("Get")]
    Task<ApiKeyGrant?> GetAsync();

    [Alias("Revoke")]
    Task RevokeAsync();
}
