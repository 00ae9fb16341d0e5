namespace MailTracker.Recipients;

/// <summary>MailSignal's track list filters: a campaign (a mail tracking by name), opened or not, created from/to.</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackQuery")]
public sealed record TrackQuery(
    [property: Id(0)] string? Campaign,
    [property: Id(1)] bool? Opened,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] long? AfterId,
    [property: Id(5)] int Limit);
