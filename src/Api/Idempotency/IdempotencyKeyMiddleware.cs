using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Grains.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace MailTracker.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every POST authenticated by an API key: the first response of a key is kept for
/// <see cref="Retention"/> and answered again, marked <c>Idempotency-Replayed: true</c>, to the same request (method, path,
/// query, body) of the same account, without running it again; the key with another request, or while its first request
/// still runs, is a 409. 2xx and 4xx responses are kept, except 401 and 429 (the same request may succeed later), and no 5xx.
/// A request without the header costs one header look-up.
/// </summary>
public sealed class IdempotencyKeyMiddleware(RequestDelegate next, IIdempotencyStore store, TimeProvider time, ILogger<IdempotencyKeyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public const int MaxKeyLength = 255;

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>How long a reservation holds its key without a response: the time a silo that died mid-request keeps a retry waiting.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(1);

    private static readonly string[] KeptHeaders = [HeaderNames.ContentType, HeaderNames.Location];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.User.FindFirst(ApiKeyAuthenticationHandler.AccountClaim) is null)
        {
            await next(context);
            return;
        }
        if (values is not [{ } key] || !IsValidKey(key))
        {
            await Envelope.Validation($"The {Header} header must be one value of 1 to {MaxKeyLength} printable ASCII characters.").ExecuteAsync(context);
            return;
        }

        var account = context.User.AccountId();
        var hash = await RequestFingerprint.ComputeAsync(context.Request, context.RequestAborted);
        var now = time.GetUtcNow();
        var claim = await store.ReserveAsync(account, key, hash, now, now + PendingTimeout, context.RequestAborted);
        switch (claim.Kind)
        {
            case IdempotencyClaimKind.Replay:
                await ReplayAsync(context.Response, claim.Response!);
                return;
            case IdempotencyClaimKind.InProgress:
                await Envelope.Error(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                    $"A request with this {Header} is still in progress; retry it once that one has been answered.").ExecuteAsync(context);
                return;
            case IdempotencyClaimKind.OtherRequest:
                await Envelope.Error(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                    $"This {Header} was already used for another request (another method, path, query or body); use a new key for a new request.")
                    .ExecuteAsync(context);
                return;
        }

        var response = await RunRecordedAsync(context, account, key, claim.Reservation);
        await SettleAsync(account, key, response is null
            ? store.ReleaseAsync(account, key, claim.Reservation, CancellationToken.None)
            : store.CompleteAsync(account, key, claim.Reservation, response, now + Retention, CancellationToken.None));
    }

    /// <summary>Runs the request with its response body copied; the response when it is one to keep, else null.</summary>
    private async Task<StoredResponse?> RunRecordedAsync(HttpContext context, long account, string key, Guid reservation)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        await using var recorder = new ResponseRecorder(original.Stream);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(recorder, original));
        try
        {
            await next(context);
        }
        catch
        {
            // The exception handler answers it (a 4xx for bad input that failed to bind, a 5xx else): nothing to keep either way.
            await SettleAsync(account, key, store.ReleaseAsync(account, key, reservation, CancellationToken.None));
            throw;
        }
        finally
        {
            context.Features.Set(original);
        }
        var status = context.Response.StatusCode;
        if (!IsKept(status)) return null;
        var headers = KeptHeaders.Where(name => !string.IsNullOrEmpty(context.Response.Headers[name]))
            .ToDictionary(name => name, name => context.Response.Headers[name].ToString(), StringComparer.OrdinalIgnoreCase);
        return new StoredResponse(status, headers, recorder.Recorded);
    }

    /// <summary>
    /// Waits for the key's completion or release. The request has been answered by then: a store that fails here is logged, not
    /// answered, and the reservation frees the key when its pending time is over.
    /// </summary>
    private async Task SettleAsync(long account, string key, Task settling)
    {
        try
        {
            await settling;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The idempotency key {Key} of account {Account} could not be settled; it is free again in {Timeout}", key, account, PendingTimeout);
        }
    }

    private static async Task ReplayAsync(HttpResponse response, StoredResponse stored)
    {
        response.StatusCode = stored.Status;
        foreach (var (name, value) in stored.Headers) response.Headers[name] = value;
        response.Headers[ReplayedHeader] = "true";
        // An empty error body stays empty, so that the error envelope is written for it as it was the first time.
        if (stored.Body.Length == 0) return;
        response.ContentLength = stored.Body.Length;
        await response.Body.WriteAsync(stored.Body);
    }

    private static bool IsKept(int status) =>
        status is >= 200 and < 300 || (status is >= 400 and < 500 && status is not StatusCodes.Status401Unauthorized and not StatusCodes.Status429TooManyRequests);

    private static bool IsValidKey(string key) => key.Length is >= 1 and <= MaxKeyLength && key.All(c => c is >= ' ' and <= '~');
}
