using MailTracker.Grains.Hits;
using MailTracker.Grains.Reclassification;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailTracker.Tests.Reclassification;

/// <summary>What the reclassification test hosts change: a batch per hit, and a store that fails now and then.</summary>
public static class ReclassificationHosting
{
    public static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("MailTracker:Reclassification:BatchSize", "1");
        builder.UseSetting("MailTracker:Reclassification:Pause", "00:00:00.010");
        builder.ConfigureServices(services => services.AddSingleton<IReclassificationStore>(sp => new FailingOnceReclassificationStore(Actual(sp))));
    }

    /// <summary>The backend's own store, without the failures.</summary>
    public static IReclassificationStore Actual(IServiceProvider services) =>
        services.GetService<NpgsqlDataSource>() is { } dataSource ? new PostgresReclassificationStore(dataSource) : services.GetRequiredService<InMemoryHitStore>();
}
