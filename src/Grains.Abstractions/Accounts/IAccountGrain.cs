using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Templates;
using MailTracker.Trackings;
using MailTracker.Webhooks;
using Orleans.Concurrency;

namespace MailTracker.Accounts;

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

    /// <summary>Issues a key; <paramref name="rateLimit"/> is its own requests per minute (null: the plan's).</summary>
    [Alias("IssueApiKey")]
    Task<IssuedApiKey?> IssueApiKeyAsync(string name, string environment, int? rateLimit);

    [Alias("ListApiKeys")]
    Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync();

    [Alias("RevokeApiKey")]
    Task<bool> RevokeApiKeyAsync(long keyId);

    /// <summary>Creates a mail tracking: NotFound without an account, LimitExceeded past the plan's mail trackings per UTC day.</summary>
    [Alias("CreateMailTracking")]
    Task<Result<MailTrackingInfo>> CreateMailTrackingAsync(TrackingSettings settings);

    /// <summary>
    /// The mail tracking of a sent message: its recipients count against the plan, the tracking itself does not (as a
    /// campaign's). Null without an account.
    /// </summary>
    [Alias("CreateEmailTracking")]
    Task<MailTrackingInfo?> CreateEmailTrackingAsync(string name, long emailId);

    /// <summary>
    /// Reserves <paramref name="count"/> new recipients of the plan's recipients per UTC month (LimitExceeded, with a sentence,
    /// when they do not fit); the caller gives back with <see cref="ReleaseRecipientsAsync"/> what it did not create.
    /// </summary>
    [Alias("ReserveRecipients")]
    Task<Result<int>> ReserveRecipientsAsync(int count);

    /// <summary>Gives back reserved recipients that were not created (emails the tracking already had).</summary>
    [Alias("ReleaseRecipients")]
    Task ReleaseRecipientsAsync(int count);

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

    /// <summary>The account's recipients of all its mail trackings changed after a cursor, in update order (Procurios' global list).</summary>
    [ReadOnly, Alias("ListRecipients")]
    Task<RecipientPage> ListRecipientsAsync(CommitCursor after, int limit);

    /// <summary>Creates a template with a new id: NotFound without an account, Invalid (naming the field) when a source does not parse.</summary>
    [Alias("CreateTemplate")]
    Task<Result<TemplateInfo>> CreateTemplateAsync(TemplateContent content);

    /// <summary>The account's template ids, oldest first: those after <paramref name="afterPosition"/> (0: from the first), <paramref name="skip"/> of them left out (TrackPost's offset).</summary>
    [Alias("ListTemplates")]
    Task<TemplatePage> ListTemplatesAsync(long afterPosition, int skip, int limit);

    /// <summary>Takes a deleted template off the list; the template grain calls it as it is deleted.</summary>
    [Alias("ForgetTemplate")]
    Task ForgetTemplateAsync(long templateId);

    [Alias("GetBlacklist")]
    Task<IReadOnlyList<string>> GetBlacklistAsync();

    /// <summary>Replaces the blacklist; answered once every silo's hit cache has dropped the old one.</summary>
    [Alias("SetBlacklist")]
    Task SetBlacklistAsync(IReadOnlyList<string> entries);
}
