namespace MailTracker.Api.Templates;

/// <summary>A rendered template; html or text is null when the template has no such body.</summary>
public sealed record RenderedTemplateResponse(string Subject, string? Html, string? Text);
