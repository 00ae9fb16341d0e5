using System.Text.Json;

namespace MailTracker.Tests.Infrastructure;

/// <summary>One server-sent event as a client received it.</summary>
public sealed record SseEvent(string Type, string? Id, JsonElement Data);
