namespace MailTracker.Api.Messages;

/// <summary>What a message says: its subject and bodies as given, or rendered from a template with its variables.</summary>
public sealed record EmailContent(string Subject, string? Html, string? Text, string? TemplateId, IReadOnlyDictionary<string, string>? Variables);
