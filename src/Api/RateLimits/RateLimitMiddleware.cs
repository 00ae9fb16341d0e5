using System.Globalization;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.RateLimits;

/// <summary>
/// Requests per minute per API key on <c>/api/v1</c>: every answer to a request authenticated by a key carries
/// <c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c> (Unix seconds of the minute's end), errors included; over the
/// limit the one exception handler answers 429. Hit endpoints, pages, health, metrics, docs and the operator API never come here.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, ApiRateLimiter limiter, TimeProvider time)
{
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string ResetHeader = "X-RateLimit-Reset";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v1"))
        {
            await next(context);
            return;
        }
        // The authorization middleware asks the same handler again later and gets this result, not a second grain call.
        var auth = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (!auth.Succeeded)
        {
            await next(context);
            return;
        }
        var user = auth.Principal;
        var decision = await limiter.TakeAsync(user.KeyId(), user.AccountId(), user.KeyRateLimit());
        // Written as the answer starts, so that the error envelope (which clears the response first) carries them too.
        context.Response.OnStarting(static state =>
        {
            var (response, decision) = ((HttpResponse, RateDecision))state;
            response.Headers[LimitHeader] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers[RemainingHeader] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers[ResetHeader] = decision.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context.Response, decision));
        if (!decision.Allowed)
        {
            throw RateLimitExceededException.Until(
                $"Rate limit exceeded: this API key may make {decision.Limit} requests per minute.", decision.Reset, time.GetUtcNow());
        }
        await next(context);
    }
}
