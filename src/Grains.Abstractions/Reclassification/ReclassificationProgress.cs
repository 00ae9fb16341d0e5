namespace MailTracker.Reclassification;

/// <summary>
/// A reclassification job's progress: the stored hits it judged again under the rules of <paramref name="RulesVersion"/>, how many of
/// them got another verdict, and whether it is done.
/// </summary>
[GenerateSerializer, Immutable, Alias("mt.ReclassificationProgress")]
public sealed record ReclassificationProgress(
    [property: Id(0)] string RulesVersion,
    [property: Id(1)] bool Done,
    [property: Id(2)] long Judged,
    [property: Id(3)] long Changed,
    [property: Id(4)] DateTimeOffset Started,
    [property: Id(5)] DateTimeOffset? Finished);
