namespace MailTracker.Api.Messages;

/// <summary>TrackPost's answer to a cancel: the message and its new status (<c>cancelled</c>).</summary>
public sealed record EmailCancelResponse(long Id, string Status);
