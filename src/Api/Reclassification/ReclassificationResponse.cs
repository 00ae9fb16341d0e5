namespace MailTracker.Api.Reclassification;

/// <summary>A mail tracking's reclassification job: <c>state</c> is <c>running</c> or <c>done</c>.</summary>
public sealed record ReclassificationResponse(
    long MailTrackingId,
    string RulesVersion,
    string State,
    long Judged,
    long Changed,
    DateTimeOffset Started,
    DateTimeOffset? Finished);
