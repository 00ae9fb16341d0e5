namespace MailTracker.Api.Http;

public static class ErrorCodes
{
    public const string Validation = "validation_error";
    public const string Authentication = "authentication_error";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string LimitExceeded = "limit_exceeded";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string PayloadTooLarge = "payload_too_large";
    public const string Internal = "internal_error";

    /// <summary>TrackPost's 404 of a template that does not exist (or is another account's).</summary>
    public const string TemplateNotFound = "template_not_found";

    /// <summary>TrackPost's 422: variables a template uses are missing, or a value is of no usable type.</summary>
    public const string InvalidVariables = "invalid_variables";

    /// <summary>422: a message's from-address is not on a verified sending domain of the account.</summary>
    public const string DomainNotVerified = "domain_not_verified";
}
