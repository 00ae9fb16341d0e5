namespace MailTracker.Silo.Hosting;

/// <summary>A configuration problem that stops start-up with one clear line instead of a stack trace.</summary>
public sealed class StartupException(string message) : Exception(message);
