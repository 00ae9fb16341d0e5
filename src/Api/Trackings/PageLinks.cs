namespace MailTracker.Api.Trackings;

public sealed record PageLinks(Link? Next);
