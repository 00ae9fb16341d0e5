namespace MailTracker.Tests.Api.Sweep;

/// <summary>What part of a request the sweep makes malformed (<see cref="Everything"/>: all parts at once).</summary>
public enum SweepFocus
{
    Path,
    Query,
    Body,
    ContentType,
    Headers,
    Everything,
}
