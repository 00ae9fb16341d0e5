namespace MailTracker.Webhooks;

/// <summary>
/// A webhook. It follows its account's event feed from its own cursor into its own durable outbox, and
/// delivers from there with retries, so that a slow or dead receiver holds back nothing but itself.
/// </summary>
[Alias("mt.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithIntegerKey
{
    /// <summary><see cref="Outcome.Invalid"/> when the URL is not a target webhooks may reach.</summary>
    [Alias("Create")]
    Task<Result<WebhookInfo>> CreateAsync(long accountId, WebhookSpec spec, string secret);

    /// <summary>Null when the webhook does not exist or is another account's.</summary>
    [Alias("Get")]
    Task<WebhookInfo?> GetAsync(long accountId);

    [Alias("Update")]
    Task<Result<WebhookInfo>> UpdateAsync(long accountId, WebhookUpdate update);

    /// <summary>Stops deliveries, drops the outbox and takes the webhook off its account's list; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(long accountId);

    /// <summary>The latest delivery attempts, newest first; null when the webhook is not the account's.</summary>
    [Alias("Deliveries")]
    Task<IReadOnlyList<WebhookAttempt>?> GetDeliveriesAsync(long accountId, int limit);

    /// <summary>Sends a test event now, once, and tells how it went; null when the webhook is not the account's.</summary>
    /// <summary>
    /// Queues an event raised outside the feeds (a sent message's) when the webhook is active, wants it and its mail
    /// tracking filter lets it through; an event id already queued is queued once.
    /// </summary>
    [Alias("Raise")]
    Task RaiseAsync(WebhookEvent webhookEvent);

    [Alias("SendTest")]
    Task<WebhookAttempt?> SendTestAsync(long accountId);

}
