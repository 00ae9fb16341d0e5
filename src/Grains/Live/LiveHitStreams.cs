using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MailTracker.Live;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace MailTracker.Grains.Live;

/// <summary>
/// The live streams over Orleans' memory streams (<see cref="LiveStreamsSiloBuilderExtensions"/>), one per account: a tailer
/// publishes each account's notice after its commit; this silo's readers share one subscription per account
/// (<see cref="AccountWatch"/>), made with the first reader and dropped with the last.
/// </summary>
public sealed class LiveHitStreams(IClusterClient client, LiveWatchSet watched, ILogger<LiveHitStreams> logger) : ILiveHitPublisher, ILiveHits
{
    /// <summary>Notices a reader may fall behind by before new ones are dropped for it (it catches up from the feed).</summary>
    private const int ReaderCapacity = 64;

    private readonly Dictionary<long, AccountWatch> _accounts = [];
    private readonly Lock _gate = new();

    public bool IsWatched(long accountId) => watched.IsWatched(accountId);

    public Task PublishAsync(IReadOnlyList<CountedHitsNotice> notices) =>
        notices.Count == 1 ? Stream(notices[0].AccountId).OnNextAsync(notices[0]) : Task.WhenAll(notices.Select(n => Stream(n.AccountId).OnNextAsync(n)));

    public async IAsyncEnumerable<CountedHitsNotice> WatchAsync(long accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = Channel.CreateBounded<CountedHitsNotice>(new BoundedChannelOptions(ReaderCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        AccountWatch account;
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out account!)) _accounts[accountId] = account = new AccountWatch(accountId, Stream(accountId), watched, logger);
            account.Add(reader.Writer);
        }
        try
        {
            if (!await QuietlyAsync(account.Started.WaitAsync(cancellationToken), cancellationToken)) yield break;
            while (await QuietlyAsync(reader.Reader.WaitToReadAsync(cancellationToken).AsTask(), cancellationToken))
            {
                while (reader.Reader.TryRead(out var notice)) yield return notice;
            }
        }
        finally
        {
            bool last;
            lock (_gate)
            {
                account.Remove(reader.Writer);
                last = account.IsEmpty && _accounts.Remove(accountId);
            }
            if (last) await account.StopAsync();
        }
    }

    private IAsyncStream<CountedHitsNotice> Stream(long accountId) =>
        client.GetStreamProvider(LiveStreamsSiloBuilderExtensions.ProviderName)
            .GetStream<CountedHitsNotice>(StreamId.Create(LiveStreamsSiloBuilderExtensions.StreamNamespace, accountId));

    /// <summary>The watch ends quietly when its token does (as an enumeration that simply stops).</summary>
    private static async Task<bool> QuietlyAsync(Task<bool> wait, CancellationToken cancellationToken)
    {
        try
        {
            return await wait;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> QuietlyAsync(Task wait, CancellationToken cancellationToken) =>
        await QuietlyAsync(wait.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), cancellationToken);
}
