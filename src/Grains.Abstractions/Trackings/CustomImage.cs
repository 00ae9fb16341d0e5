namespace MailTracker.Trackings;

/// <summary>An uploaded image that a pixel serves instead of the 1x1 GIF.</summary>
[GenerateSerializer, Immutable, Alias("mt.CustomImage")]
public sealed record CustomImage([property: Id(0)] string ContentType, [property: Id(1)] byte[] Bytes);
