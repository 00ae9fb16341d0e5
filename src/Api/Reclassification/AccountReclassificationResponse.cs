namespace MailTracker.Api.Reclassification;

/// <summary>An account's reclassification: its mail trackings' jobs summed up, done once every one is.</summary>
public sealed record AccountReclassificationResponse(
    long AccountId,
    string RulesVersion,
    string State,
    long Judged,
    long Changed,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    int MailTrackings,
    int MailTrackingsDone);
