namespace MailTracker.Reclassification;

/// <summary>An account's reclassification: the sum of its mail trackings' jobs, done once every one of them is.</summary>
[GenerateSerializer, Immutable, Alias("mt.AccountReclassificationProgress")]
public sealed record AccountReclassificationProgress(
    [property: Id(0)] ReclassificationProgress Total,
    [property: Id(1)] int MailTrackings,
    [property: Id(2)] int MailTrackingsDone);
