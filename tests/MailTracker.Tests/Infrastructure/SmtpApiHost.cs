namespace MailTracker.Tests.Infrastructure;

/// <summary>A host that delivers its messages to its own in-process SMTP server (<see cref="Sink"/>).</summary>
public abstract class SmtpApiHost(SmtpSink sink) : ApiTestHost(settings: sink.Settings(FastWebhooks.Settings))
{
    public SmtpSink Sink { get; } = sink;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Sink.Dispose();
        GC.SuppressFinalize(this);
    }
}
