using MailTracker.Api.Http;
using MailTracker.Diagnostics;
using MailTracker.Hits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MailTracker.Api.Hits;

/// <summary>
/// The public endpoints recipients' mail clients hit: <c>/image/{token}</c> and <c>/url/{token}</c>.
/// A hit is answered only after its group commit; what it records depends on the token's privacy settings.
/// </summary>
public static class HitEndpoints
{
    /// <summary>A 1x1 transparent GIF.</summary>
    public static readonly byte[] TransparentGif = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    public static RouteGroupBuilder MapHitEndpoints(this IEndpointRouteBuilder routes)
    {
        // Not in ASP.NET Core's request-duration histogram: recording it cost ~2.7 µs a hit (10 % of the pixel's CPU, measured
        // with the exporter on), and hits have their own instruments (answered per kind and result, group-commit latency).
        var hits = routes.MapGroup("").ExcludeFromDescription().DisableHttpMetrics();
        // Short-circuited: run as soon as routing matches, past the authentication, authorization and error
        // envelope middleware that these public, anonymous endpoints never use (each would otherwise box and
        // resume its own state machine per hit once the group commit answers).
        hits.MapMethods("/image/{token}", [HttpMethods.Get, HttpMethods.Head], PixelAsync).ShortCircuit();
        hits.MapMethods("/url/{token}", [HttpMethods.Get, HttpMethods.Head], LinkAsync).ShortCircuit();
        return hits;
    }

    private static async Task PixelAsync(string token, HttpContext context, IHitIntake intake, ClientIpResolver clientIp, ILoggerFactory logs, MailTrackerMetrics metrics)
    {
        token = StripImageExtension(token);
        byte[] body = TransparentGif;
        var contentType = "image/gif";
        MailTracker.Trackings.TokenFacts? facts = null;
        var answer = HitAnswer.Recorded;
        try
        {
            try
            {
                facts = await intake.ResolveAsync(token, HitKind.Open);
                if (facts is null) answer = HitAnswer.UnknownToken;
            }
            catch (TokenUnavailableException)
            {
                // Still answered, still recorded: logged with its token, resolved by the log tailer later.
                await intake.RecordUnresolvedAsync(token, HitKind.Open, ReadHit(context, clientIp));
            }
            if (facts is not null) await intake.RecordAsync(facts, ReadHit(context, clientIp));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The recipient still gets the image; the operator gets the error.
            LogUnrecorded(logs, e, "pixel");
            answer = HitAnswer.Failed;
        }
        metrics.HitAnswered(HitKind.Open, answer);
        if (facts?.ImageContentType is not null)
        {
            try
            {
                if (await intake.GetImageAsync(token) is { } image)
                {
                    body = image.Bytes;
                    contentType = image.ContentType;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The hit is recorded; without its custom image the reader still gets a pixel.
                logs.CreateLogger("MailTracker.Hits").LogError(e, "The custom image of a pixel could not be read");
            }
        }
        // An unknown token gets the same image: the endpoint is no oracle of which tokens exist.
        NoCache(context.Response);
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.Body.WriteAsync(body);
    }

    private static async Task LinkAsync(string token, HttpContext context, IHitIntake intake, ClientIpResolver clientIp, ILoggerFactory logs, MailTrackerMetrics metrics)
    {
        NoCache(context.Response);
        MailTracker.Trackings.TokenFacts? facts;
        try
        {
            facts = await intake.ResolveAsync(token, HitKind.Click);
        }
        catch (TokenUnavailableException)
        {
            // Without the stored URL there is nowhere to send the reader: ask for a retry in a moment.
            metrics.HitAnswered(HitKind.Click, HitAnswer.Failed);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "2";
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(RetryPage);
            return;
        }
        if (facts?.OriginalUrl is not { } target)
        {
            metrics.HitAnswered(HitKind.Click, HitAnswer.UnknownToken);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(NotFoundPage);
            return;
        }
        var answer = HitAnswer.Recorded;
        try
        {
            await intake.RecordAsync(facts, ReadHit(context, clientIp));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reader still gets the redirect; the operator gets the error.
            LogUnrecorded(logs, e, "link");
            answer = HitAnswer.Failed;
        }
        metrics.HitAnswered(HitKind.Click, answer);
        // Only ever the stored URL: nothing in the request can change where this redirects.
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = target;
    }

    private static HitRequest ReadHit(HttpContext context, ClientIpResolver clientIp)
    {
        var request = context.Request;
        return new HitRequest(
            clientIp.Resolve(context),
            WithoutNul(request.Headers.UserAgent.ToString()) is { Length: > 0 } agent ? agent : null,
            WithoutNul(request.Query["d"].ToString()) is { Length: > 0 } data ? data : null,
            WithoutNul(request.Query["r"].ToString()) is { Length: > 0 } recipient ? recipient : null,
            HttpMethods.IsHead(request.Method));
    }

    /// <summary>
    /// PostgreSQL's text cannot hold U+0000: a mail client's <c>?d=%00</c> failed the hit's COPY and lost the hit. The NUL is
    /// dropped, the hit kept.
    /// </summary>
    private static string WithoutNul(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static void LogUnrecorded(ILoggerFactory logs, Exception e, string what) =>
        logs.CreateLogger("MailTracker.Hits").LogError(e, "A hit could not be recorded ({What})", what);

    private static string StripImageExtension(string token)
    {
        foreach (var extension in (ReadOnlySpan<string>)[".png", ".gif"])
        {
            if (token.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return token[..^extension.Length];
        }
        return token;
    }

    private static void NoCache(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate, private";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
    }

    private const string RetryPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>One moment</title><meta http-equiv="refresh" content="2"></head>
        <body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto">
        <h1>One moment, please</h1><p>This link is briefly unavailable; this page retries by itself.</p>
        </body></html>
        """;

    private const string NotFoundPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>
        <body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto">
        <h1>This link is not valid</h1><p>The link you followed does not exist or has been removed.</p>
        </body></html>
        """;
}
