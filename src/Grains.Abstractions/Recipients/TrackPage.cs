namespace MailTracker.Recipients;

[GenerateSerializer, Immutable, Alias("mt.TrackPage")]
public sealed record TrackPage([property: Id(0)] IReadOnlyList<TrackInfo> Tracks, [property: Id(1)] bool HasMore);
