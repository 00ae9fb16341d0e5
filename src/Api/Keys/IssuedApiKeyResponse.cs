using System.Text.Json.Serialization;

namespace MailTracker.Api.Keys;

/// <summary>A new key with its secret (shown once); <c>rate_limit</c> as in <see cref="ApiKeyResponse"/>.</summary>
public sealed record IssuedApiKeyResponse(long Id, string Name, string Environment, string Created, string Prefix, string Key,
    [property: JsonPropertyName("rate_limit")] int? RateLimit);
