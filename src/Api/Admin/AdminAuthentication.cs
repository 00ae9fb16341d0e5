using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using MailTracker.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailTracker.Api.Admin;

/// <summary>
/// Operators authenticate with <c>Authorization: Bearer &lt;admin token&gt;</c> or with the session cookie
/// that <c>POST /admin/login</c> sets. The cookie is an expiry plus an HMAC keyed by the admin token, so
/// every silo that shares the token accepts it and no session store is needed.
/// </summary>
public sealed class AdminAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<MailTrackerOptions> settings,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Admin";
    public const string Policy = "Admin";
    public const string CookieName = "mt_admin";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var adminToken = settings.Value.AdminToken;
        if (string.IsNullOrEmpty(adminToken)) return Task.FromResult(AuthenticateResult.NoResult());

        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(FixedTimeEquals(header["Bearer ".Length..].Trim(), adminToken)
                ? Success()
                : AuthenticateResult.Fail("Invalid admin token."));
        }

        if (Request.Cookies.TryGetValue(CookieName, out var cookie) && IsValidSession(cookie, adminToken, time.GetUtcNow()))
        {
            return Task.FromResult(Success());
        }
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Browsers go to the login form; API clients get the error envelope.
        if (Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            var returnUrl = Uri.EscapeDataString(Request.PathBase + Request.Path + Request.QueryString);
            Response.Redirect($"/admin/login?returnUrl={returnUrl}");
            return;
        }
        await Envelope.Unauthorized("A valid admin token is required (Authorization: Bearer <admin token>).").ExecuteAsync(Context);
    }

    public static string CreateSession(string adminToken, DateTimeOffset now)
    {
        var expires = now.Add(SessionLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{expires}.{Sign(adminToken, expires)}";
    }

    public static bool IsValidSession(string cookie, string adminToken, DateTimeOffset now)
    {
        var dot = cookie.IndexOf('.');
        if (dot <= 0) return false;
        var expires = cookie[..dot];
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)) return false;
        if (DateTimeOffset.FromUnixTimeSeconds(Math.Min(unix, 253402300799)) < now) return false;
        return FixedTimeEquals(cookie[(dot + 1)..], Sign(adminToken, expires));
    }

    public static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string Sign(string adminToken, string payload) =>
        Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(adminToken), Encoding.UTF8.GetBytes("admin-session:" + payload)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private AuthenticateResult Success()
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
