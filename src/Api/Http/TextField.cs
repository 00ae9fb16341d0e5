namespace MailTracker.Api.Http;

/// <summary>
/// The one rule for a free-text field of a request: its length, and no U+0000, which PostgreSQL's text cannot hold (an insert
/// with one failed with a 500). Answers a sentence fragment naming the field (callers end or embed it), or null.
/// </summary>
public static class TextField
{
    public static string? Problem(string field, string? value, int minLength, int maxLength, bool required) => value switch
    {
        null when required => $"{field} is required ({minLength} to {maxLength} characters)",
        null => null,
        _ when value.Contains('\0', StringComparison.Ordinal) => $"{field} must not contain the NUL character (U+0000)",
        _ when value.Length > maxLength && minLength == 0 => $"{field} is longer than {maxLength} characters",
        _ when value.Length < minLength || value.Length > maxLength => $"{field} must be {minLength} to {maxLength} characters",
        _ => null,
    };
}
