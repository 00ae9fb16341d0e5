using Orleans.Providers;

namespace MailTracker.Grains.Live;

public static class LiveStreamsSiloBuilderExtensions
{
    public const string ProviderName = "live";

    public const string StreamNamespace = "mt-live-hits";

    /// <summary>
    /// The live streams' provider on a silo: memory streams (nothing kept; the feeds are the truth) whose subscriptions are in
    /// memory grain storage too. Not in PostgreSQL: Orleans' ADO.NET storage reads a string key that parses as hex or a GUID
    /// as a number (a stream's key would then miss its row), and losing a subscription costs only latency: the silo's readers
    /// still poll the feed every second, and a reader's next connect subscribes anew.
    /// </summary>
    public static ISiloBuilder AddLiveStreams(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(ProviderName);
        silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
        return silo;
    }
}
