using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailTracker.Tests.Infrastructure;

/// <summary>A real HTTP receiver on loopback that records every webhook request and answers as told.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public enum Mode
    {
        Up,
        Down,
        Gone,
        Hang,
    }

    public sealed record Received(string Id, string Timestamp, string Signature, string BodySignature, string Event, string Body, bool Answered200);

    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public volatile Mode Answer = Mode.Up;

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var mode = receiver.Answer;
            var headers = context.Request.Headers;
            receiver.Requests.Enqueue(new Received(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(),
                headers["X-MailTracker-Signature"].ToString(), headers["X-MailTracker-Event"].ToString(), body, mode == Mode.Up));
            switch (mode)
            {
                case Mode.Down:
                    context.Response.StatusCode = 503;
                    context.Response.Headers.RetryAfter = "0";
                    break;
                case Mode.Gone:
                    context.Response.StatusCode = 410;
                    break;
                case Mode.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { });
                    break;
            }
        });
        await app.StartAsync();
        receiver.Url = app.Urls.First().TrimEnd('/') + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
