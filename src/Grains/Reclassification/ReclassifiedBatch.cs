namespace MailTracker.Grains.Reclassification;

/// <summary>What applying a batch did: the rows it gave the new rules' version, and how many of them got another verdict.</summary>
[GenerateSerializer, Immutable, Alias("mt.ReclassifiedBatch")]
public readonly record struct ReclassifiedBatch([property: Id(0)] int Judged, [property: Id(1)] int Changed);
