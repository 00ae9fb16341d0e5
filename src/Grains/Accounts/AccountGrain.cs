using System.Security.Cryptography;
using MailTracker.Accounts;
using MailTracker.Grains.Hits;
using MailTracker.Grains.Ids;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Templates;
using MailTracker.Trackings;
using MailTracker.Webhooks;

namespace MailTracker.Grains.Accounts;

public sealed class AccountGrain(
    [PersistentState("account", StorageNames.Default)] IPersistentState<AccountState> state,
    IIdGenerator ids,
    IHitDataStore hits,
    IRecipientStore recipients,
    TimeProvider time) : Grain, IAccountGrain
{
    private long Id => this.GetPrimaryKeyLong();

    public async Task<Account> CreateAsync(string name, string plan)
    {
        if (state.State.Account is { } existing) return existing;
        state.State.Account = new Account(Id, name, plan, time.GetUtcNow());
        state.State.IpSalt = RandomNumberGenerator.GetBytes(32);
        await state.WriteStateAsync();
        return state.State.Account;
    }

    public Task<Account?> GetAsync() => Task.FromResult(state.State.Account);

    public async Task<IssuedApiKey?> IssueApiKeyAsync(string name, string environment, int? rateLimit)
    {
        if (state.State.Account is null) return null;
        var secret = GrainKeys.NewApiKey(environment);
        var grainKey = GrainKeys.ForApiKey(secret);
        var info = new ApiKeyInfo(await ids.NextAsync(), name, environment, time.GetUtcNow(), secret[..12], rateLimit);
        await GrainFactory.GetGrain<IApiKeyGrain>(grainKey).CreateAsync(new ApiKeyGrant(Id, info.Id, environment, rateLimit));
        state.State.ApiKeys.Add(new ApiKeyRecord(info, grainKey));
        await state.WriteStateAsync();
        return new IssuedApiKey(info, secret);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. state.State.ApiKeys.Select(k => k.Info)]);

    public async Task<bool> RevokeApiKeyAsync(long keyId)
    {
        var record = state.State.ApiKeys.Find(k => k.Info.Id == keyId);
        if (record is null) return false;
        // The key grain is the one authority every silo asks, so revoking it there takes effect at once.
        await GrainFactory.GetGrain<IApiKeyGrain>(record.GrainKey).RevokeAsync();
        state.State.ApiKeys.Remove(record);
        await state.WriteStateAsync();
        return true;
    }

    public async Task<Result<MailTrackingInfo>> CreateMailTrackingAsync(TrackingSettings settings)
    {
        if (state.State.Account is not { } account) return Result<MailTrackingInfo>.Fail(Outcome.NotFound);
        var usage = state.State.Usage;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var used = usage.Day == today ? usage.MailTrackings : 0;
        var quota = Plans.Of(account.Plan).MailTrackingsPerDay;
        if (used >= quota)
        {
            return Result<MailTrackingInfo>.Fail(Outcome.LimitExceeded,
                $"You have exceeded your plan: the {account.Plan} plan allows {quota} mail trackings per day (UTC) and this account has created {used} today.");
        }
        var tracking = await CreateTrackingAsync(settings);
        // Counted in the same write that records the tracking: a tracking is never counted without being created, or the other way.
        usage.Day = today;
        usage.MailTrackings = used + 1;
        await state.WriteStateAsync();
        return Result<MailTrackingInfo>.Ok(tracking);
    }

    public async Task<Result<int>> ReserveRecipientsAsync(int count)
    {
        if (state.State.Account is not { } account) return Result<int>.Fail(Outcome.NotFound);
        var usage = state.State.Usage;
        var now = time.GetUtcNow().UtcDateTime;
        var month = new DateOnly(now.Year, now.Month, 1);
        var used = usage.Month == month ? usage.Recipients : 0;
        var quota = Plans.Of(account.Plan).RecipientsPerMonth;
        if (used + count > quota)
        {
            return Result<int>.Fail(Outcome.LimitExceeded,
                $"You have exceeded your plan: the {account.Plan} plan allows {quota} recipients per month (UTC); this account has created {used} this month and the request has {count} new emails.");
        }
        // Reserved before the work, so that concurrent requests cannot pass the quota together; what was not created is given back.
        usage.Month = month;
        usage.Recipients = used + count;
        await state.WriteStateAsync();
        return Result<int>.Ok(count);
    }

    public async Task ReleaseRecipientsAsync(int count)
    {
        if (count <= 0) return;
        var usage = state.State.Usage;
        usage.Recipients = Math.Max(0, usage.Recipients - count);
        await state.WriteStateAsync();
    }

    /// <summary>A new mail tracking on the account's list (the caller writes the state).</summary>
    private async Task<MailTrackingInfo> CreateTrackingAsync(TrackingSettings settings, long? emailId = null)
    {
        var trackingId = await ids.NextAsync();
        var tracking = await GrainFactory.GetGrain<IMailTrackingGrain>(trackingId).CreateAsync(Id, settings, state.State.IpSalt, emailId);
        state.State.MailTrackingIds.Add(trackingId);
        return tracking;
    }

    public async Task ForgetMailTrackingAsync(long trackingId)
    {
        var campaigns = state.State.Campaigns.Where(c => c.Value == trackingId).Select(c => c.Key).ToList();
        foreach (var campaign in campaigns) state.State.Campaigns.Remove(campaign);
        if (state.State.MailTrackingIds.Remove(trackingId) || campaigns.Count > 0) await state.WriteStateAsync();
    }

    public async Task<Result<CreatedWebhook>> CreateWebhookAsync(WebhookSpec spec, string? secret)
    {
        if (state.State.Account is null) return Result<CreatedWebhook>.Fail(Outcome.NotFound);
        var id = await ids.NextAsync();
        secret ??= Grains.Webhooks.WebhookSender.NewSecret();
        var created = await GrainFactory.GetGrain<IWebhookGrain>(id).CreateAsync(Id, spec, secret);
        if (created.Outcome != Outcome.Ok) return Result<CreatedWebhook>.Fail(created.Outcome, created.Message);
        state.State.WebhookIds.Add(id);
        await state.WriteStateAsync();
        return Result<CreatedWebhook>.Ok(new CreatedWebhook(created.Value!, secret));
    }

    public Task<IReadOnlyList<long>> ListWebhooksAsync() => Task.FromResult<IReadOnlyList<long>>([.. state.State.WebhookIds]);

    /// <summary>Called by the webhook grain as it is deleted. This grain calls no existing webhook, so the two never wait on each other.</summary>
    public async Task ForgetWebhookAsync(long webhookId)
    {
        if (state.State.WebhookIds.Remove(webhookId)) await state.WriteStateAsync();
    }

    public async Task<MailTrackingInfo?> CreateEmailTrackingAsync(string name, long emailId)
    {
        if (state.State.Account is null) return null;
        var tracking = await CreateTrackingAsync(new TrackingSettings(name, true, false, new PrivacySettings(true, true, true)), emailId);
        await state.WriteStateAsync();
        return tracking;
    }

    public async Task<long?> GetCampaignAsync(string name, bool create)
    {
        if (state.State.Campaigns.TryGetValue(name, out var existing)) return existing;
        if (!create || state.State.Account is null) return null;
        // A campaign's tracking is made for the tracks' recipients, which count against the plan; the tracking itself does not.
        var tracking = await CreateTrackingAsync(new TrackingSettings(name, true, false, new PrivacySettings(true, true, true)));
        await GrainFactory.GetGrain<IMailTrackingGrain>(tracking.Id).AddPixelAsync(Id, null);
        state.State.Campaigns[name] = tracking.Id;
        await state.WriteStateAsync();
        return tracking.Id;
    }

    public async Task<TrackPage> ListTracksAsync(TrackQuery query)
    {
        long? trackingId = null;
        if (query.Campaign is { } campaign)
        {
            if (!state.State.Campaigns.TryGetValue(campaign, out var id)) return new TrackPage([], false);
            trackingId = id;
        }
        var names = state.State.Campaigns.ToDictionary(c => c.Value, c => c.Key);
        var page = await recipients.ListAccountAsync(Id, trackingId, query);
        return new TrackPage([.. page.Recipients.Select(r => new TrackInfo(r, names.GetValueOrDefault(r.TrackingId)))], page.HasMore);
    }

    public async Task<EventPage?> GetEventsAsync(HitKind kind, long? trackingId, CommitCursor after, int limit) =>
        trackingId is { } id && !state.State.MailTrackingIds.Contains(id) ? null : await hits.EventsAsync(Id, kind, trackingId, after, limit);

    public Task<RecipientPage> ListRecipientsAsync(CommitCursor after, int limit) => recipients.ListAllAsync(Id, after, limit);

    public Task<IdPage> ListMailTrackingsAsync(long? afterId, int limit)
    {
        var list = state.State.MailTrackingIds;
        var start = 0;
        if (afterId is { } after)
        {
            // A cursor of a since-deleted tracking resumes at the first tracking created after it.
            var index = list.IndexOf(after);
            start = index >= 0 ? index + 1 : list.Count;
        }
        var page = list.Skip(start).Take(limit).ToList();
        return Task.FromResult(new IdPage(page, start + page.Count < list.Count));
    }

    public async Task<Result<TemplateInfo>> CreateTemplateAsync(TemplateContent content)
    {
        if (state.State.Account is null) return Result<TemplateInfo>.Fail(Outcome.NotFound);
        var id = await ids.NextAsync();
        var created = await GrainFactory.GetGrain<ITemplateGrain>(id).CreateAsync(Id, content);
        if (created.Outcome != Outcome.Ok) return created;
        state.State.Templates.Add(new ListedTemplate(++state.State.TemplatesCreated, id));
        await state.WriteStateAsync();
        return created;
    }

    public Task<TemplatePage> ListTemplatesAsync(long afterPosition, int skip, int limit)
    {
        var list = state.State.Templates;
        // Positions only grow, so a page that follows a since-deleted template starts at the first one created after it.
        var start = list.FindIndex(t => t.Position > afterPosition);
        start = start < 0 ? list.Count : (int)Math.Min(list.Count, (long)start + skip);
        var page = list.Skip(start).Take(limit).ToList();
        var more = start + page.Count < list.Count && page.Count > 0;
        return Task.FromResult(new TemplatePage([.. page.Select(t => t.Id)], more ? page[^1].Position : null));
    }

    /// <summary>Called by the template grain as it is deleted. This grain calls no existing template, so the two never wait on each other.</summary>
    public async Task ForgetTemplateAsync(long templateId)
    {
        if (state.State.Templates.RemoveAll(t => t.Id == templateId) > 0) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> GetBlacklistAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Blacklist]);

    public async Task SetBlacklistAsync(IReadOnlyList<string> entries)
    {
        state.State.Blacklist = [.. entries];
        await state.WriteStateAsync();
        // Answered once every silo has dropped its cached copy: the next hit from a listed address is not recorded, wherever it lands.
        await GrainFactory.GetGrain<IHitCacheHubGrain>(0).BlacklistChangedAsync(Id);
    }
}
