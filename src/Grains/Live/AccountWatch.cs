using System.Threading.Channels;
using MailTracker.Live;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace MailTracker.Grains.Live;

/// <summary>
/// One account's live stream as this silo follows it: one subscription, fanned out to the silo's readers. A reader's channel
/// is bounded and a notice for a full one is dropped (it catches up from the feed), so a slow reader holds back neither the
/// others nor the stream. Readers are changed under <see cref="LiveHitStreams"/>' lock; delivery reads the array lock-free.
/// </summary>
public sealed class AccountWatch : IAsyncObserver<CountedHitsNotice>
{
    private readonly long _accountId;
    private readonly IAsyncStream<CountedHitsNotice> _stream;
    private readonly LiveWatchSet _watched;
    private readonly ILogger _logger;
    private ChannelWriter<CountedHitsNotice>[] _readers = [];
    private StreamSubscriptionHandle<CountedHitsNotice>? _subscription;

    public AccountWatch(long accountId, IAsyncStream<CountedHitsNotice> stream, LiveWatchSet watched, ILogger logger)
    {
        _accountId = accountId;
        _stream = stream;
        _watched = watched;
        _logger = logger;
        Started = Task.Run(StartAsync);
    }

    /// <summary>Registered as watched cluster-wide, then subscribed (a failure is logged: its readers still poll the feed).</summary>
    public Task Started { get; }

    public bool IsEmpty => _readers.Length == 0;

    public void Add(ChannelWriter<CountedHitsNotice> reader) => _readers = [.. _readers, reader];

    public void Remove(ChannelWriter<CountedHitsNotice> reader)
    {
        _readers = [.. _readers.Where(r => r != reader)];
        reader.TryComplete();
    }

    /// <summary>After the last reader left: unsubscribes; the account's lease in the registry runs out by itself.</summary>
    public async Task StopAsync()
    {
        await Started;
        try
        {
            if (_subscription is not null) await _subscription.UnsubscribeAsync();
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Live stream of account {Account}: not unsubscribed", _accountId);
        }
        finally
        {
            _watched.Unwatch(_accountId);
        }
    }

    public Task OnNextAsync(CountedHitsNotice item, StreamSequenceToken? token = null)
    {
        foreach (var reader in Volatile.Read(ref _readers)) reader.TryWrite(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        _logger.LogWarning(ex, "Live stream of account {Account} failed", _accountId);
        return Task.CompletedTask;
    }

    private async Task StartAsync()
    {
        // Watched before subscribed: no tailer skips the account's notices once the subscription is live.
        await _watched.WatchAsync(_accountId);
        try
        {
            _subscription = await _stream.SubscribeAsync(this);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Live stream of account {Account}: not subscribed; its readers poll the feed", _accountId);
        }
    }
}
