using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MailTracker.Api.Http;

namespace MailTracker.Api.Keys;

/// <summary>A new key; <see cref="RateLimit"/> (TrackPost's <c>rate_limit</c>) is its own requests per minute instead of the plan's.</summary>
public sealed record CreateApiKeyRequest(
    [property: Required] string? Name,
    [property: DefaultValue("live"), Description("live or test.")] string? Environment,
    [property: JsonPropertyName("rate_limit"), Description("The key's own requests per minute (a positive integer) instead of the plan's.")] int? RateLimit = null) : IValidatable
{
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 64 ? "name is required (1 to 64 characters)."
        : Environment is not (null or "live" or "test") ? "environment must be \"live\" or \"test\"."
        : RateLimit is <= 0 ? "rate_limit must be a positive integer (requests per minute)."
        : null;
}
