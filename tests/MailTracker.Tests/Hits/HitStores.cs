using MailTracker.Grains.Hits;
using MailTracker.Grains.Recipients;

namespace MailTracker.Tests.Hits;

/// <summary>One backend's hit stores in their five roles, with the recipient store its consumption commit updates.</summary>
public sealed record HitStores(IHitLog Log, IHitLogReader Reader, IConsumptionCommit Commit, IHitDataStore Data, IUniqueOpenStore UniqueOpens, IRecipientStore Recipients)
    : IAsyncDisposable
{
    public Func<ValueTask> Cleanup { get; init; } = () => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Log.StopAsync(CancellationToken.None);
        await Cleanup();
    }
}
