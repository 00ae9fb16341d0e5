namespace MailTracker.Api.Trackings;

public sealed record Link(string Href);
