using MailTracker.Hits;
using MailTracker.Trackings;
using Orleans.Concurrency;

namespace MailTracker.Webhooks;

public static class WebhookEvents
{
    public const string EmailOpened = "email.opened";
    public const string LinkClicked = "link.clicked";
    public const string RecipientUnsubscribed = "recipient.unsubscribed";
    public const string RecipientBounced = "recipient.bounced";

    /// <summary>Sent only by <c>POST /api/v1/webhooks/{id}/test</c>.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All = [EmailOpened, LinkClicked, RecipientUnsubscribed, RecipientBounced];

    public static string Of(HitKind kind) => kind == HitKind.Open ? EmailOpened : LinkClicked;
}

/// <summary>What a webhook is: where to, for which events, optionally only one mail tracking's.</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookSpec")]
public sealed record WebhookSpec(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Events,
    [property: Id(2)] long? MailTrackingId,
    [property: Id(3)] bool Enabled);

/// <summary>A change to a webhook: null leaves a field as it is; <see cref="AllTrackings"/> removes the mail tracking filter.</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookUpdate")]
public sealed record WebhookUpdate(
    [property: Id(0)] string? Url,
    [property: Id(1)] IReadOnlyList<string>? Events,
    [property: Id(2)] long? MailTrackingId,
    [property: Id(3)] bool AllTrackings,
    [property: Id(4)] bool? Enabled);

[GenerateSerializer, Immutable, Alias("mt.WebhookInfo")]
public sealed record WebhookInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long AccountId,
    [property: Id(2)] WebhookSpec Spec,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] string? DisabledReason,
    [property: Id(5)] int ConsecutiveFailures);

/// <summary>A webhook as created: its secret is shown this once.</summary>
[GenerateSerializer, Immutable, Alias("mt.CreatedWebhook")]
public sealed record CreatedWebhook([property: Id(0)] WebhookInfo Webhook, [property: Id(1)] string Secret);

/// <summary>One delivery attempt: what was sent and what came back.</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Event,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] int? StatusCode,
    [property: Id(5)] long DurationMs,
    [property: Id(6)] string? Error,
    [property: Id(7)] bool Delivered);

/// <summary>An event to deliver: its id is the delivery's webhook-id (the same on every redelivery).</summary>
[GenerateSerializer, Immutable, Alias("mt.WebhookEvent")]
public sealed record WebhookEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Event,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string DataJson,
    [property: Id(4)] long? MailTrackingId);

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
    [Alias("SendTest")]
    Task<WebhookAttempt?> SendTestAsync(long accountId);

}
