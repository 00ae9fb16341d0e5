namespace MailTracker.Diagnostics;

/// <summary>How one webhook delivery attempt ended (the <c>outcome</c> tag of <c>mailtracker.webhooks.deliveries</c>).</summary>
public enum WebhookDeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Not delivered; another attempt is scheduled.</summary>
    Failed,

    /// <summary>Not delivered, and the event's retry schedule is over: it is not tried again.</summary>
    GaveUp,

    /// <summary>Not delivered, and this attempt disabled the webhook (410 Gone, or failures for too long).</summary>
    Disabled,

    /// <summary>Sent, but the attempt could not be recorded: the event stays due and is sent again.</summary>
    Unrecorded,
}
