using System.Runtime.CompilerServices;
using MailTracker.Grains.Analytics;
using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Grains.Recipients;

/// <summary>
/// The embedded default's recipients: one process, so one counter gives the update order. Creations, bounces and
/// unsubscribes add to the analytics rollups under the same lock, as PostgreSQL's statements do.
/// </summary>
public sealed class InMemoryRecipientStore(TimeProvider time, InMemoryAnalyticsStore? analytics = null) : IRecipientStore
{
    private readonly Dictionary<string, Row> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Row> _byId = [];
    private readonly Dictionary<(long Tracking, string Email), Row> _byEmail = [];
    private readonly Lock _gate = new();
    private long _updates;

    public Task<IReadOnlyList<CreatedRecipient>> AddAsync(long trackingId, long accountId, IReadOnlyList<NewRecipient> recipients, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var created = new List<CreatedRecipient>(recipients.Count);
            var rollup = new AnalyticsRollup();
            foreach (var recipient in recipients)
            {
                if (!_byEmail.TryGetValue((trackingId, recipient.Spec.Email), out var row))
                {
                    var now = time.GetUtcNow();
                    row = new Row
                    {
                        Info = new RecipientInfo(recipient.Id, recipient.Token, trackingId, accountId, recipient.Spec.Email, recipient.Spec.Name,
                            recipient.Spec.Subject, now, null, null, null, null, null, null, now, default, default),
                    };
                    _byEmail[(trackingId, recipient.Spec.Email)] = _byToken[recipient.Token] = _byId[recipient.Id] = row;
                    Touch(row);
                    rollup.AddRecipients(trackingId, accountId, now, created: 1);
                }
                else if (row.Deleted)
                {
                    row.Deleted = false;
                    Touch(row);
                }
                var info = row.Info;
                created.Add(new CreatedRecipient(info.Id, info.Token, info.Email, info.Name, info.Subject, info.Created));
            }
            analytics?.Apply(rollup);
            return Task.FromResult<IReadOnlyList<CreatedRecipient>>(created);
        }
    }

    public Task<RecipientInfo?> GetAsync(string token, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_byToken.TryGetValue(token, out var row) && !row.Deleted ? row.Info : null);
    }

    public Task<IReadOnlyDictionary<string, RecipientFacts>> FactsAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var facts = new Dictionary<string, RecipientFacts>(tokens.Count, StringComparer.Ordinal);
            foreach (var token in tokens)
            {
                if (_byToken.TryGetValue(token, out var row) && !row.Deleted) facts[token] = row.Info.ToFacts();
            }
            return Task.FromResult<IReadOnlyDictionary<string, RecipientFacts>>(facts);
        }
    }

    public Task<string?> FindTokenAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_byId.TryGetValue(id, out var row) && !row.Deleted ? row.Info.Token : null);
    }

    public Task<RecipientInfo?> RecordAsync(string token, RecipientEvent what, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byToken.TryGetValue(token, out var row) || row.Deleted) return Task.FromResult<RecipientInfo?>(null);
            var now = time.GetUtcNow();
            var first = (what == RecipientEvent.Unsubscribed ? row.Info.Unsubscribed : row.Info.Bounced) is null;
            row.Info = what == RecipientEvent.Unsubscribed
                ? row.Info with { Unsubscribed = row.Info.Unsubscribed ?? now }
                : row.Info with { Bounced = row.Info.Bounced ?? now };
            Touch(row);
            if (first)
            {
                var rollup = new AnalyticsRollup();
                rollup.AddRecipients(row.Info.TrackingId, row.Info.AccountId, now,
                    bounced: what == RecipientEvent.Bounced ? 1 : 0, unsubscribed: what == RecipientEvent.Unsubscribed ? 1 : 0);
                analytics?.Apply(rollup);
            }
            return Task.FromResult<RecipientInfo?>(row.Info);
        }
    }

    public Task<bool> DeleteAsync(string token, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byToken.TryGetValue(token, out var row) || row.Deleted) return Task.FromResult(false);
            row.Deleted = true;
            Touch(row);
            return Task.FromResult(true);
        }
    }

    public Task DeleteTrackingAsync(long trackingId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var row in _byId.Values.Where(r => r.Info.TrackingId == trackingId && !r.Deleted))
            {
                row.Deleted = true;
                Touch(row);
            }
        }
        return Task.CompletedTask;
    }

    public Task<RecipientPage> ListAsync(long trackingId, CommitCursor after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(UpdatePage(r => r.Info.TrackingId == trackingId && !r.Deleted, after, limit));
        }
    }

    public Task<RecipientPage> ListAllAsync(long accountId, CommitCursor after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(UpdatePage(r => r.Info.AccountId == accountId && !r.Deleted, after, limit));
        }
    }

    public Task<RecipientPage> UnsubscribedOrBouncedAsync(long accountId, CommitCursor after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(UpdatePage(r => r.Info.AccountId == accountId && (r.Info.Unsubscribed is not null || r.Info.Bounced is not null), after, limit));
        }
    }

    public Task<CommitCursor> UpdatesEndAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(new CommitCursor(_updates, _updates));
    }

    public Task<RecipientPage> ListAccountAsync(long accountId, long? trackingId, TrackQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = _byId.Values.Select(r => (r.Info, r.Deleted))
                .Where(r => !r.Deleted && r.Info.AccountId == accountId && (trackingId is null || r.Info.TrackingId == trackingId)
                    && (query.Opened is null || (r.Info.Opens.Humans > 0) == query.Opened)
                    && (query.From is null || r.Info.Created >= query.From) && (query.To is null || r.Info.Created < query.To)
                    && r.Info.Id > (query.AfterId ?? 0))
                .OrderBy(r => r.Info.Id)
                .Take(query.Limit + 1)
                .Select(r => r.Info)
                .ToList();
            return Task.FromResult(new RecipientPage([.. rows.Take(query.Limit)], CommitCursor.Start, rows.Count > query.Limit));
        }
    }

    public async IAsyncEnumerable<RecipientCsvRow> ExportAsync(long trackingId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<RecipientCsvRow> rows;
        lock (_gate)
        {
            rows = [.. _byId.Values.Where(r => r.Info.TrackingId == trackingId && !r.Deleted).OrderBy(r => r.Info.Id)
                .Select(r => new RecipientCsvRow(r.Info.Email, r.Info.Token, r.Info.Created))];
        }
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
        await Task.CompletedTask;
    }

    /// <summary>A recipient's token, deleted or not (events keep theirs).</summary>
    public string? TokenOf(long id)
    {
        lock (_gate) return _byId.TryGetValue(id, out var row) ? row.Info.Token : null;
    }

    /// <summary>
    /// What a consumed batch adds (the in-memory hit store calls this in its commit); the recipients' first human opens and
    /// clicks go into <paramref name="rollup"/>.
    /// </summary>
    public void Apply(IReadOnlyList<RecipientActivity> activity, AnalyticsRollup rollup)
    {
        lock (_gate)
        {
            foreach (var a in activity)
            {
                if (!_byId.TryGetValue(a.RecipientId, out var row)) continue;
                var info = row.Info;
                if (info.FirstOpen is null && a.FirstOpen is { } open) rollup.AddFirst(info.TrackingId, info.AccountId, open, HitKind.Open);
                if (info.FirstClick is null && a.FirstClick is { } click) rollup.AddFirst(info.TrackingId, info.AccountId, click, HitKind.Click);
                row.Info = info with
                {
                    FirstOpen = info.FirstOpen ?? a.FirstOpen,
                    FirstBotOpen = info.FirstBotOpen ?? a.FirstBotOpen,
                    FirstClick = info.FirstClick ?? a.FirstClick,
                    FirstBotClick = info.FirstBotClick ?? a.FirstBotClick,
                    Opens = info.Opens + a.Opens,
                    Clicks = info.Clicks + a.Clicks,
                };
                Touch(row);
            }
        }
    }

    /// <summary>A recipient's creation, deleted or not (a reclassification's timing measures from it).</summary>
    public DateTimeOffset? CreatedOf(long id)
    {
        lock (_gate) return _byId.TryGetValue(id, out var row) ? row.Info.Created : null;
    }

    /// <summary>
    /// A reclassified batch's change (the in-memory hit store calls this in its transaction): opens and clicks that turned bots'
    /// (negative: people's), and the first times as its rows now give them.
    /// </summary>
    public void Reverdict(long id, long opensTurnedBots, long clicksTurnedBots, DateTimeOffset? firstOpen, DateTimeOffset? firstBotOpen, DateTimeOffset? firstClick, DateTimeOffset? firstBotClick)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var row)) return;
            var info = row.Info;
            row.Info = info with
            {
                FirstOpen = firstOpen,
                FirstBotOpen = firstBotOpen,
                FirstClick = firstClick,
                FirstBotClick = firstBotClick,
                Opens = info.Opens + new HitCounts(0, opensTurnedBots),
                Clicks = info.Clicks + new HitCounts(0, clicksTurnedBots),
            };
            Touch(row);
        }
    }

    /// <summary>The rows that match and changed after <paramref name="after"/>, in update order (call under the lock).</summary>
    private RecipientPage UpdatePage(Func<Row, bool> match, CommitCursor after, int limit)
    {
        var rows = _byId.Values.Where(r => r.Update > after.Seq && match(r)).OrderBy(r => r.Update).Take(limit + 1).ToList();
        var page = rows.Take(limit).ToList();
        var next = page.Count > 0 ? new CommitCursor(page[^1].Update, page[^1].Update) : after;
        return new RecipientPage([.. page.Select(r => r.Info)], next, rows.Count > limit);
    }

    private void Touch(Row row)
    {
        row.Update = ++_updates;
        row.Info = row.Info with { LastUpdate = time.GetUtcNow() };
    }

    private sealed class Row
    {
        public required RecipientInfo Info { get; set; }

        public bool Deleted { get; set; }

        public long Update { get; set; }
    }
}
