namespace MailTracker.Api.Http;

/// <summary>A request over a rate limit: the one exception handler answers 429 with <c>Retry-After</c> and the envelope.</summary>
public sealed class RateLimitExceededException(string message, int retryAfterSeconds) : Exception(message)
{
    /// <summary>Whole seconds until the window ends, at least 1.</summary>
    public int RetryAfterSeconds { get; } = Math.Max(1, retryAfterSeconds);

    /// <summary>The exception for a window that ends at <paramref name="windowEnd"/>; the message says when to retry.</summary>
    public static RateLimitExceededException Until(string reason, DateTimeOffset windowEnd, DateTimeOffset now)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((windowEnd - now).TotalSeconds));
        return new RateLimitExceededException($"{reason} Please retry after {seconds} seconds.", seconds);
    }
}
