using MailTracker.Trackings;

namespace MailTracker.Api.Pages;

/// <summary>What the tracking page shows: the tracking, its snapshot (also as the JSON its script reads) and where the log is.</summary>
public sealed record TrackingView(
    MailTrackingInfo Tracking,
    TrackingSnapshot Snapshot,
    string SnapshotJson,
    int Page,
    int Pages,
    string TimeZone,
    string LiveUrl);
