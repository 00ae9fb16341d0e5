namespace MailTracker.Api.Tracks;

public sealed record TrackListResponse(IReadOnlyList<TrackResponse> Tracks, string? NextCursor, bool HasMore);
