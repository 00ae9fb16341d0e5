namespace MailTracker.Tests.Infrastructure;

/// <summary>One embedded MailTracker shared by the tests of a class.</summary>
public sealed class EmbeddedApp : MailTrackerFactory;
