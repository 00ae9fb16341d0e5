using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using MailTracker.Accounts;
using MailTracker.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailTracker.Api.Auth;

/// <summary>
/// Integrators authenticate with <c>?key=&lt;api key&gt;</c> (PastePixel) or <c>Authorization: Bearer &lt;api key&gt;</c>.
/// Every request asks the key's grain, the one authority, so a revoked key stops at once on every silo.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Policy = "ApiKey";
    public const string AccountClaim = "mt:account";
    public const string KeyClaim = "mt:key";
    public const string RateLimitClaim = "mt:rate-limit";
    public const string EnvironmentClaim = "mt:environment";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Query["key"].ToString();
        var header = Request.Headers.Authorization.ToString();
        if (key.Length == 0 && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) key = header["Bearer ".Length..].Trim();
        if (key.Length == 0) return AuthenticateResult.NoResult();
        if (!LooksLikeKey(key)) return AuthenticateResult.Fail("Malformed API key.");

        var grant = await grains.GetGrain<IApiKeyGrain>(GrainKeys.ForApiKey(key)).GetAsync();
        if (grant is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
        [
            new Claim(AccountClaim, grant.AccountId.ToString(CultureInfo.InvariantCulture)),
            new Claim(KeyClaim, grant.KeyId.ToString(CultureInfo.InvariantCulture)),
            new Claim(EnvironmentClaim, grant.Environment),
        ], SchemeName);
        if (grant.RateLimit is { } limit) identity.AddClaim(new Claim(RateLimitClaim, limit.ToString(CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Envelope.Unauthorized("A valid API key is required: ?key=<api key> or Authorization: Bearer <api key>.").ExecuteAsync(Context);

    internal static bool LooksLikeKey(string key) =>
        key.Length is > 8 and < 128 && (key.StartsWith("mt_live_", StringComparison.Ordinal) || key.StartsWith("mt_test_", StringComparison.Ordinal));
}
