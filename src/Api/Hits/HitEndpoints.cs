using MailTracker.Api.Http;
using MailTracker.Diagnostics;
using MailTracker.Hits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
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
        var provider = routes.ServiceProvider;
        var services = new HitEndpointServices(
            provider.GetRequiredService<IHitIntake>(), provider.GetRequiredService<ClientIpResolver>(), provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<MailTrackerMetrics>());
        // Not in ASP.NET Core's request-duration histogram: recording it cost ~2.7 µs a hit (10 % of the pixel's CPU, measured
        // with the exporter on), and hits have their own instruments (answered per kind and result, group-commit latency).
        var hits = routes.MapGroup("").ExcludeFromDescription().DisableHttpMetrics();
        // Short-circuited: run as soon as routing matches, past the authentication, authorization and error
        // envelope middleware that these public, anonymous endpoints never use (each would otherwise box and
        // resume its own state machine per hit once the group commit answers). Plain request delegates: no parameter
        // binding, no per-request service resolution.
        hits.MapMethods("/image/{token}", [HttpMethods.Get, HttpMethods.Head], (RequestDelegate)(context => PixelAsync(context, services))).ShortCircuit();
        hits.MapMethods("/url/{token}", [HttpMethods.Get, HttpMethods.Head], (RequestDelegate)(context => LinkAsync(context, services))).ShortCircuit();
        return hits;
    }

    /// <summary>
    /// The pixel in the steady state: a cached token without a custom image, recorded without an error. Only the group
    /// commit is awaited, by a small state machine of its own; anything else takes <see cref="PixelSlowAsync"/>.
    /// </summary>
    private static Task PixelAsync(HttpContext context, HitEndpointServices services)
    {
        var segment = RouteToken(context);
        var token = WithoutImageExtension(segment);
        var answered = services.Intake.TryResolveCached(token, HitKind.Open, out var cached);
        if (!answered || cached is not { ImageContentType: null } facts)
        {
            var name = token.Length == segment.Length ? segment : token.ToString();
            // What the cache answered (unknown, malformed, a custom image), or a miss loaded past it: asked once.
            return PixelSlowAsync(context, services, name, answered ? ValueTask.FromResult(cached) : Load(services.Intake, name));
        }
        var recording = Record(context, services, facts);
        return recording.IsCompletedSuccessfully ? AnswerPixelAsync(context, services.Metrics, HitAnswer.Recorded) : AfterCommitAsync(context, services, recording, redirect: null);
    }

    /// <summary>The hit's recording (its group commit), a synchronous failure as a faulted one.</summary>
    private static Task Record(HttpContext context, HitEndpointServices services, MailTracker.Trackings.TokenFacts facts)
    {
        try
        {
            return services.Intake.RecordAsync(facts, ReadHit(context, services.ClientIp));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>The steady state's answer once its group commit is done: the pixel, or the redirect to <paramref name="redirect"/>.</summary>
    private static async Task AfterCommitAsync(HttpContext context, HitEndpointServices services, Task recording, string? redirect)
    {
        var answer = HitAnswer.Recorded;
        try
        {
            await recording;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reader still gets the image or the redirect; the operator gets the error.
            LogUnrecorded(services.Logs, e, redirect is null ? "pixel" : "link");
            answer = HitAnswer.Failed;
        }
        if (redirect is null) await AnswerPixelAsync(context, services.Metrics, answer);
        else Redirect(context.Response, services.Metrics, answer, redirect);
    }

    private static Task AnswerPixelAsync(HttpContext context, MailTrackerMetrics metrics, HitAnswer answer)
    {
        metrics.HitAnswered(HitKind.Open, answer);
        return WritePixelAsync(context.Response, context.Request, TransparentGif, "image/gif");
    }

    /// <summary>Every other pixel: a token to load or logged unresolved, a custom image, a failure.</summary>
    private static async Task PixelSlowAsync(HttpContext context, HitEndpointServices services, string token, ValueTask<MailTracker.Trackings.TokenFacts?> resolving)
    {
        var (intake, clientIp, logs, metrics) = services;
        byte[] body = TransparentGif;
        var contentType = "image/gif";
        MailTracker.Trackings.TokenFacts? facts = null;
        var answer = HitAnswer.Recorded;
        try
        {
            try
            {
                facts = await resolving;
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
        await WritePixelAsync(context.Response, context.Request, body, contentType);
    }

    /// <summary>An unknown token gets the same image: the endpoint is no oracle of which tokens exist.</summary>
    private static Task WritePixelAsync(HttpResponse response, HttpRequest request, byte[] body, string contentType)
    {
        NoCache(response);
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>The link in the steady state: a cached token, recorded without an error; anything else takes <see cref="LinkSlowAsync"/>.</summary>
    private static Task LinkAsync(HttpContext context, HitEndpointServices services)
    {
        NoCache(context.Response);
        var token = RouteToken(context);
        var resolving = Resolve(services.Intake, token, HitKind.Click);
        if (!resolving.IsCompletedSuccessfully || resolving.Result is not { OriginalUrl: { } target } facts) return LinkSlowAsync(context, services, resolving);
        var recording = Record(context, services, facts);
        if (!recording.IsCompletedSuccessfully) return AfterCommitAsync(context, services, recording, redirect: target);
        Redirect(context.Response, services.Metrics, HitAnswer.Recorded, target);
        return Task.CompletedTask;
    }

    /// <summary>Only ever the stored URL: nothing in the request can change where this redirects.</summary>
    private static void Redirect(HttpResponse response, MailTrackerMetrics metrics, HitAnswer answer, string target)
    {
        metrics.HitAnswered(HitKind.Click, answer);
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = target;
    }

    private static async Task LinkSlowAsync(HttpContext context, HitEndpointServices services, ValueTask<MailTracker.Trackings.TokenFacts?> resolving)
    {
        var (intake, clientIp, logs, metrics) = services;
        MailTracker.Trackings.TokenFacts? facts;
        try
        {
            facts = await resolving;
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
        Redirect(context.Response, metrics, answer, target);
    }

    /// <summary>The token's facts, a synchronous throw (there should be none) as a faulted look-up, so that one path handles it.</summary>
    private static ValueTask<MailTracker.Trackings.TokenFacts?> Resolve(IHitIntake intake, string token, HitKind kind) =>
        Guarded(static (intake, token, kind) => intake.ResolveAsync(token, kind), intake, token, kind);

    /// <summary>A pixel token the cache has just missed, loaded past it.</summary>
    private static ValueTask<MailTracker.Trackings.TokenFacts?> Load(IHitIntake intake, string token) =>
        Guarded(static (intake, token, kind) => intake.LoadAsync(token, kind), intake, token, HitKind.Open);

    private static ValueTask<MailTracker.Trackings.TokenFacts?> Guarded(
        Func<IHitIntake, string, HitKind, ValueTask<MailTracker.Trackings.TokenFacts?>> lookUp, IHitIntake intake, string token, HitKind kind)
    {
        try
        {
            return lookUp(intake, token, kind);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<MailTracker.Trackings.TokenFacts?>(e);
        }
    }

    /// <summary>The route's <c>{token}</c>: always there, the route matched it.</summary>
    private static string RouteToken(HttpContext context) => (string)context.Request.RouteValues["token"]!;

    private static HitRequest ReadHit(HttpContext context, ClientIpResolver clientIp)
    {
        var request = context.Request;
        // The query is parsed (a feature and its collection) only when there is one: most pixels carry none.
        var query = request.QueryString.HasValue ? request.Query : null;
        return new HitRequest(
            clientIp.Resolve(context),
            WithoutNul(request.Headers.UserAgent.ToString()) is { Length: > 0 } agent ? agent : null,
            QueryValue(query, "d"),
            QueryValue(query, "r"),
            HttpMethods.IsHead(request.Method));
    }

    private static string? QueryValue(IQueryCollection? query, string name) =>
        query is not null && WithoutNul(query[name].ToString()) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// PostgreSQL's text cannot hold U+0000: a mail client's <c>?d=%00</c> failed the hit's COPY and lost the hit. The NUL is
    /// dropped, the hit kept.
    /// </summary>
    private static string WithoutNul(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static void LogUnrecorded(ILoggerFactory logs, Exception e, string what) =>
        logs.CreateLogger("MailTracker.Hits").LogError(e, "A hit could not be recorded ({What})", what);

    /// <summary>The pixel's token: its path segment without the image extension its URL shows (a view, not a new string).</summary>
    private static ReadOnlySpan<char> WithoutImageExtension(string segment)
    {
        foreach (var extension in (ReadOnlySpan<string>)[".png", ".gif"])
        {
            if (segment.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return segment.AsSpan(0, segment.Length - extension.Length);
        }
        return segment;
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
