namespace MailTracker.Recipients;

/// <summary>A track: a recipient of a campaign's mail tracking, with the campaign's name (null for other mail trackings).</summary>
[GenerateSerializer, Immutable, Alias("mt.TrackInfo")]
public sealed record TrackInfo([property: Id(0)] RecipientInfo Recipient, [property: Id(1)] string? Campaign);
