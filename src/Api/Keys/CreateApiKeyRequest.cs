using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;

namespace MailTracker.Api.Keys;

public sealed record CreateApiKeyRequest([property: Required] string? Name, [property: DefaultValue("live"), Description("live or test.")] string? Environment) : IValidatable
{
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 64 ? "name is required (1 to 64 characters)."
        : Environment is not (null or "live" or "test") ? "environment must be \"live\" or \"test\"."
        : null;
}
