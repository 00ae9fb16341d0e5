using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A client's open <c>text/event-stream</c> response, read event by event with .NET's SSE parser (comment lines and
/// <c>retry:</c> are the parser's to skip). Disposing it is the client going away.
/// </summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;
    private readonly CancellationTokenSource _closing = new();
    private Task<bool> _next = Task.FromResult(true);

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _events = SseParser.Create(body).EnumerateAsync(_closing.Token).GetAsyncEnumerator(_closing.Token);
    }

    /// <summary>Opens <paramref name="path"/> on <paramref name="client"/>; the answer must be a 200 event stream.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode) Assert.Fail($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (its type, id and JSON), or a failed test after <paramref name="timeout"/> (10 s unless given).</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        var next = _next = _events.MoveNextAsync().AsTask();
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        if (await Task.WhenAny(next, Task.Delay(wait)) != next) Assert.Fail($"No event within {wait}.");
        Assert.True(await next, "The event stream ended.");
        var item = _events.Current;
        return new SseEvent(item.EventType, item.EventId, JsonDocument.Parse(item.Data).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _response.Dispose();
        try
        {
            // A read that timed out is still pending: the enumerator ends with it (disposing it meanwhile is not allowed).
            if (_next.IsCompleted) await _events.DisposeAsync();
            else await _next;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
        }
    }
}
