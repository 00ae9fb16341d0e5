namespace MailTracker.Api.RateLimits;

/// <summary>Whether one API request may go ahead, and what its <c>X-RateLimit-*</c> headers say.</summary>
public readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset);
