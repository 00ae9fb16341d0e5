using MailTracker.Api.Hits;
using MailTracker.Grains.Hits;
using Npgsql;

namespace MailTracker.BenchHost;

/// <summary>
/// Benchmark-only endpoints, mapped by the bench host (never by the shipped silo), used by
/// <c>bench/run.sh</c> to compare the pixel endpoint with a ceiling and an INSERT-per-hit baseline.
/// </summary>
public static class BenchEndpoints
{
    private const string Insert = "INSERT INTO mt_bench_hits (ip, user_agent) VALUES ($1, $2)";

    public static RouteGroupBuilder MapBenchEndpoints(this IEndpointRouteBuilder routes)
    {
        // Measured like the hit endpoints they are compared with: short-circuited, and not in the request-duration histogram.
        var bench = routes.MapGroup("/bench").ExcludeFromDescription().DisableHttpMetrics();
        // Short-circuited like the hit endpoints they are compared with: the same path through the pipeline.
        bench.MapGet("/gif", GifAsync).ShortCircuit();
        bench.MapGet("/insert", InsertAsync).ShortCircuit();
        bench.MapGet("/copy", CopyAsync).ShortCircuit();
        bench.MapGet("/runtime", Runtime);
        bench.MapGet("/heap", Heap);
        bench.MapPost("/allocations/start", (AllocationSampler sampler) => sampler.Start());
        bench.MapGet("/allocations", (AllocationSampler sampler, int? top) =>
            TypedResults.Json(sampler.Stop(top ?? 30).Select(entry => new { type = entry.Type, bytes = entry.Bytes, ticks = entry.Ticks })));
        bench.MapGet("/grains", GrainsAsync);
        return bench;
    }

    /// <summary>The ceiling: the pixel's bytes and headers, no other work.</summary>
    private static Task GifAsync(HttpContext context) => WriteGifAsync(context.Response);

    /// <summary>The baseline: one pooled, prepared INSERT per request, then the GIF.</summary>
    private static async Task InsertAsync(HttpContext context)
    {
        if (await BenchTableAsync(context) is not { } dataSource) return;
        var (ip, userAgent) = RequestFields(context);
        var aborted = context.RequestAborted;
        await using (var connection = await dataSource.OpenConnectionAsync(aborted))
        await using (var command = new NpgsqlCommand(Insert, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = ip });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = userAgent });
            // Prepared statements outlive the pooled connection's Close: after the first request on a
            // physical connection this is a lookup, not a round trip.
            await command.PrepareAsync(aborted);
            await command.ExecuteNonQueryAsync(aborted);
        }
        await WriteGifAsync(context.Response);
    }

    /// <summary>The reference: answered after a shared COPY commit (<see cref="BenchGroupCommit"/>), then the GIF.</summary>
    private static async Task CopyAsync(HttpContext context)
    {
        if (await BenchTableAsync(context) is null) return;
        var (ip, userAgent) = RequestFields(context);
        await context.RequestServices.GetRequiredService<BenchGroupCommit>().AppendAsync(ip, userAgent);
        await WriteGifAsync(context.Response);
    }

    /// <summary>The data source with <see cref="BenchTable"/> created, or none (a 404) when the silo runs without PostgreSQL.</summary>
    private static async Task<NpgsqlDataSource?> BenchTableAsync(HttpContext context)
    {
        if (context.RequestServices.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        await context.RequestServices.GetRequiredService<BenchTable>().EnsureCreatedAsync();
        return dataSource;
    }

    /// <summary>What the baseline and the reference store of a request: the client's address and user agent.</summary>
    private static (string? Ip, string? UserAgent) RequestFields(HttpContext context) =>
        (context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);

    /// <summary>The process's allocation and collection counters: the benchmark takes their difference per run.</summary>
    private static IResult Runtime(HttpContext context)
    {
        var (commits, committedHits) = context.RequestServices.GetService<GroupCommitWriter>()?.GroupCommits ?? default;
        return TypedResults.Json(new
        {
            groupCommits = commits,
            groupCommittedHits = committedHits,
            // Precise: the imprecise count leaves out what each thread's current allocation context holds (up to ~8 KB a
            // thread), a visible error over a short run's few hundred thousand requests.
            allocatedBytes = GC.GetTotalAllocatedBytes(precise: true),
            gen0 = GC.CollectionCount(0),
            gen1 = GC.CollectionCount(1),
            gen2 = GC.CollectionCount(2),
            pauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
            cpuMs = Environment.CpuUsage.TotalTime.TotalMilliseconds,
            heapBytes = GC.GetTotalMemory(forceFullCollection: false),
        });
    }

    /// <summary>
    /// The managed memory the process holds after a full, compacting collection (bench/unique-opens.sh): what it retains, apart
    /// from the garbage collector's budgets that its resident size also includes.
    /// </summary>
    private static IResult Heap()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return TypedResults.Json(new { heapBytes = GC.GetTotalMemory(forceFullCollection: false) });
    }

    /// <summary>
    /// Activations per grain type in the cluster, and the entries of this silo's hit caches (bench/million.sh): what a spread of
    /// many tokens leaves resident.
    /// </summary>
    private static async Task<IResult> GrainsAsync(IGrainFactory grains, HitLookups lookups)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var (facts, images, recipients, blacklists) = lookups.CachedEntries;
        return TypedResults.Json(new
        {
            activations = statistics.GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount)),
            cachedEntries = new { tokenFacts = facts, tokenImages = images, recipients, blacklists },
        });
    }

    private static async Task WriteGifAsync(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate, private";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
        response.ContentType = "image/gif";
        response.ContentLength = HitEndpoints.TransparentGif.Length;
        await response.Body.WriteAsync(HitEndpoints.TransparentGif);
    }
}
