using System.Text.Json.Nodes;

namespace MailTracker.Api.Docs;

/// <summary>One operation's description and the examples of its request body and success response.</summary>
public sealed record OperationAnnotation(string? Description, JsonNode? Request, JsonNode? Response);
