using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>
/// Sends the sweep's requests a few at a time and judges each answer: below 500, and every 4xx of the JSON APIs in the
/// error envelope (<c>success</c> false, a <c>msg</c>, one of the codes, <c>error.status</c> equal to the HTTP status).
/// </summary>
public sealed class SweepRunner(HttpClient client, IReadOnlySet<string> codes, int parallelism = 8)
{
    /// <summary>Long enough for a 6 MB body on a busy machine; a request that takes longer is reported, not waited for.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentBag<SweepFailure> _failures = [];
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private int _sent;

    public IReadOnlyCollection<SweepFailure> Failures => _failures;

    public int Sent => _sent;

    /// <summary>How often each status was answered, for the test's output.</summary>
    public string Statuses => string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));

    public async Task RunAsync(IEnumerable<SweepRequest> requests)
    {
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (request, _) =>
        {
            Interlocked.Increment(ref _sent);
            if (await JudgeAsync(request) is { } failure) _failures.Add(failure);
        });
    }

    private async Task<SweepFailure?> JudgeAsync(SweepRequest request)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            // An event stream that was accepted never ends: its status is the answer.
            var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(timeout.Token);
            if (status >= 500) return new SweepFailure(request, status, $"{status}", body);
            if (status is >= 400 and < 500 && request.ExpectsEnvelope && EnvelopeProblem(body, status) is { } problem)
            {
                return new SweepFailure(request, status, "not the envelope: " + problem, body);
            }
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new SweepFailure(request, null, "no answer", $"nothing within {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or FormatException or InvalidDataException)
        {
            return new SweepFailure(request, null, "exception " + e.GetType().Name, e.ToString());
        }
    }

    private string? EnvelopeProblem(string body, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "not an object";
            if (!root.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.False) return "success is not false";
            if (!root.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(msg.GetString())) return "msg is not a sentence";
            if (!root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return "no error object";
            if (!error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String || !codes.Contains(code.GetString()!)) return "error.code is not one of the codes";
            if (!error.TryGetProperty("status", out var given) || given.ValueKind != JsonValueKind.Number || given.GetInt32() != status) return "error.status is not the HTTP status";
            return null;
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }
}
