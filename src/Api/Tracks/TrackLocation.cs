namespace MailTracker.Api.Tracks;

public sealed record TrackLocation(string? City, string? Country);
