namespace MailTracker.Grains.Classification;

/// <summary>How soon after the send a person cannot yet have opened or clicked.</summary>
public sealed record TimingDocument(double? OpenTooSoonSeconds, double? ClickTooSoonSeconds, string? Source);
