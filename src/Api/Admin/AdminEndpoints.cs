using System.Net;
using MailTracker.Accounts;
using MailTracker.Api.Http;
using MailTracker.Api.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MailTracker.Api.Admin;

public static class AdminEndpoints
{
    /// <summary>The operator API under <c>/admin/v1</c>, behind the admin token.</summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/v1").RequireAuthorization(AdminAuthenticationHandler.Policy).WithTags("Admin");
        group.MapPost("/accounts", CreateAccountAsync).WithName("createAccount").WithSummary("Create an account");
        group.MapGet("/accounts", ListAccountsAsync).WithName("listAccounts").WithSummary("List the accounts");
        group.MapGet("/accounts/{id:long}", GetAccountAsync).WithName("getAccount").WithSummary("Get an account");
        group.MapPost("/accounts/{id:long}/api-keys", (long id, CreateApiKeyRequest? body, IGrainFactory grains) => ApiKeyEndpoints.IssueAsync(grains, id, body!))
            .Validate<CreateApiKeyRequest>().WithName("issueAccountApiKey").WithSummary("Issue an API key for an account (shown once)");
        return group;
    }

    /// <summary>The small login form whose cookie opens the dashboard in a browser.</summary>
    public static RouteGroupBuilder MapAdminLogin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin").ExcludeFromDescription();
        group.MapGet("/login", (string? returnUrl) => LoginPage(returnUrl, failed: false));
        group.MapPost("/login", LoginAsync).DisableAntiforgery();
        group.MapPost("/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(AdminAuthenticationHandler.CookieName);
            return TypedResults.Redirect("/admin/login");
        }).DisableAntiforgery();
        return group;
    }

    private static async Task<Results<Created<Envelope<Account>>, JsonHttpResult<ErrorEnvelope>>> CreateAccountAsync(
        CreateAccountRequest request, IGrainFactory grains)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 128) return Envelope.Validation("name is required (1 to 128 characters).");
        var plan = request.Plan?.Trim().ToLowerInvariant() ?? Plans.Default;
        if (!Plans.IsKnown(plan)) return Envelope.Validation($"plan must be one of: {string.Join(", ", Plans.Names)}.");
        var account = await grains.GetGrain<IAccountDirectoryGrain>(0).CreateAccountAsync(name, plan);
        return Envelope.Created($"/admin/v1/accounts/{account.Id}", account);
    }

    private static async Task<Ok<Envelope<Account[]>>> ListAccountsAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IAccountDirectoryGrain>(0).ListAsync();
        var accounts = await Task.WhenAll(ids.Select(id => grains.GetGrain<IAccountGrain>(id).GetAsync()));
        return Envelope.Ok(accounts.OfType<Account>().ToArray());
    }

    private static async Task<Results<Ok<Envelope<Account>>, JsonHttpResult<ErrorEnvelope>>> GetAccountAsync(long id, IGrainFactory grains)
    {
        var account = await grains.GetGrain<IAccountGrain>(id).GetAsync();
        return account is null ? Envelope.NotFound("Account") : Envelope.Ok(account);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, IOptions<MailTrackerOptions> settings, TimeProvider time)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var token = form?["token"].ToString() ?? "";
        var returnUrl = form?["returnUrl"].ToString();
        var adminToken = settings.Value.AdminToken;
        if (adminToken.Length == 0 || !AdminAuthenticationHandler.FixedTimeEquals(token, adminToken))
        {
            return LoginPage(returnUrl, failed: true);
        }
        context.Response.Cookies.Append(AdminAuthenticationHandler.CookieName,
            AdminAuthenticationHandler.CreateSession(adminToken, time.GetUtcNow()),
            new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                MaxAge = AdminAuthenticationHandler.SessionLifetime,
            });
        // Only local paths: an open redirect would let a phishing link bounce through the login form.
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/dashboard/";
        return TypedResults.Redirect(target);
    }

    private static IResult LoginPage(string? returnUrl, bool failed)
    {
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>MailTracker operator sign-in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto}input{width:100%;padding:.5rem;margin:.25rem 0 1rem}button{padding:.5rem 1rem}.error{color:#b00020}</style>
            </head><body>
            <h1>Operator sign-in</h1>
            {{(failed ? "<p class=\"error\" role=\"alert\">That admin token is not valid.</p>" : "")}}
            <form method="post" action="/admin/login">
              <label for="token">Admin token</label>
              <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
              <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl ?? "/dashboard/")}}">
              <button type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8",
            statusCode: failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }
}
