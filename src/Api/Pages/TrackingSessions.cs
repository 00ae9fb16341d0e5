using MailTracker.Accounts;
using MailTracker.Api.Auth;
using MailTracker.Sessions;
using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Pages;

/// <summary>
/// The tracking page's sign-in: an API key buys a session whose cookie holds only an opaque random token, which names a
/// session grain by its hash. The grain is the cluster's one authority (any silo reads it, nothing depends on one silo's
/// Data Protection keys), it expires, and it ends when its API key is revoked.
/// </summary>
public sealed class TrackingSessions(IGrainFactory grains, TimeProvider clock)
{
    public const string CookieName = "mt_session";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>The signed-in account of the request, or null.</summary>
    public async Task<long?> AccountAsync(HttpRequest request)
    {
        var token = request.Cookies[CookieName];
        if (token is null || !GrainKeys.IsSessionToken(token)) return null;
        return await grains.GetGrain<ITrackingSessionGrain>(GrainKeys.ForSession(token)).GetAccountAsync();
    }

    /// <summary>Starts a session for a valid API key and sets its cookie; false (and nothing set) for a key that is not one.</summary>
    public async Task<bool> SignInAsync(HttpContext context, string? key)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key) || !ApiKeyAuthenticationHandler.LooksLikeKey(key)) return false;
        var keyGrain = GrainKeys.ForApiKey(key);
        if (await grains.GetGrain<IApiKeyGrain>(keyGrain).GetAsync() is not { } grant) return false;

        var token = GrainKeys.NewSessionToken();
        var expires = clock.GetUtcNow() + Lifetime;
        await grains.GetGrain<ITrackingSessionGrain>(GrainKeys.ForSession(token)).StartAsync(new TrackingSessionGrant(grant.AccountId, keyGrain, expires));
        context.Response.Cookies.Append(CookieName, token, CookieOptions(context.Request, expires));
        return true;
    }

    public async Task SignOutAsync(HttpContext context)
    {
        var token = context.Request.Cookies[CookieName];
        if (token is not null && GrainKeys.IsSessionToken(token))
        {
            await grains.GetGrain<ITrackingSessionGrain>(GrainKeys.ForSession(token)).EndAsync();
        }
        context.Response.Cookies.Delete(CookieName, CookieOptions(context.Request, null));
    }

    private static CookieOptions CookieOptions(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        // Strict: a cross-site request never carries the session, which is what stops cross-site posts (with the Origin check).
        SameSite = SameSiteMode.Strict,
        Path = TrackingPageEndpoints.Prefix,
        Expires = expires,
        IsEssential = true,
    };
}
