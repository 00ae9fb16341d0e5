using System.Text.Json.Serialization;

namespace MailTracker.Api.Keys;

/// <summary>A key as listed; <c>rate_limit</c> is its own requests per minute, null when the account's plan sets them.</summary>
public sealed record ApiKeyResponse(long Id, string Name, string Environment, string Created, string Prefix, [property: JsonPropertyName("rate_limit")] int? RateLimit);
