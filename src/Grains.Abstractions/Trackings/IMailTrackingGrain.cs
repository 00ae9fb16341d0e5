using MailTracker.Recipients;
using Orleans.Concurrency;

namespace MailTracker.Trackings;

[Alias("mt.IMailTrackingGrain")]
public interface IMailTrackingGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the tracking; <paramref name="emailId"/> is the message that owns it (a sent message's tracking).</summary>
    [Alias("Create")]
    Task<MailTrackingInfo> CreateAsync(long accountId, TrackingSettings settings, byte[] ipSalt, long? emailId = null);

    /// <summary>Null when the tracking does not exist or belongs to another account (they look the same).</summary>
    [Alias("Get")]
    Task<MailTrackingInfo?> GetAsync(long accountId);

    /// <summary>The tracking's settings without its counters (no call to its pixel and links); null as <see cref="GetAsync"/>.</summary>
    [Alias("GetSettings"), ReadOnly]
    Task<TrackingSettings?> GetSettingsAsync(long accountId);

    /// <summary>The message that owns the tracking, null for an ordinary one; fixed at creation, so callers may cache it.</summary>
    [Alias("GetEmailId"), ReadOnly]
    Task<long?> GetEmailIdAsync();

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
    /// request order; an email it already has keeps its token. NotFound when the tracking is not the account's; LimitExceeded
    /// (with a sentence) past the plan's recipients per month.
    /// </summary>
    [Alias("AddRecipients")]
    Task<Result<IReadOnlyList<CreatedRecipient>>> AddRecipientsAsync(long accountId, IReadOnlyList<RecipientSpec> recipients);

    /// <summary>The recipients changed after <paramref name="after"/>, in update order; null when the tracking is not the account's.</summary>
    [ReadOnly, Alias("ListRecipients")]
    Task<RecipientPage?> ListRecipientsAsync(long accountId, CommitCursor after, int limit);
}
