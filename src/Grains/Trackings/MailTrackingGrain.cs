using MailTracker.Accounts;
using MailTracker.Grains.Ids;
using MailTracker.Grains.Recipients;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Trackings;

namespace MailTracker.Grains.Trackings;

public sealed class MailTrackingGrain(
    [PersistentState("mailtracking", StorageNames.Default)] IPersistentState<MailTrackingState> state,
    IIdGenerator ids,
    IRecipientStore recipients,
    TimeProvider time) : Grain, IMailTrackingGrain
{
    /// <summary>PastePixel's limit of trackable URLs per mail tracking.</summary>
    public const int MaxLinks = 20;

    private long Id => this.GetPrimaryKeyLong();

    private bool Exists => state.State.Settings is not null && !state.State.Deleted;

    private bool Owns(long accountId) => Exists && state.State.AccountId == accountId;

    public async Task<MailTrackingInfo> CreateAsync(long accountId, TrackingSettings settings, byte[] ipSalt, long? emailId = null)
    {
        if (state.State.Settings is null)
        {
            state.State.AccountId = accountId;
            state.State.EmailId = emailId;
            state.State.Created = time.GetUtcNow();
            state.State.Settings = settings;
            state.State.IpSalt = ipSalt;
            await state.WriteStateAsync();
        }
        return (await GetAsync(accountId))!;
    }

    public async Task<MailTrackingInfo?> GetAsync(long accountId)
    {
        if (!Owns(accountId)) return null;
        var pixel = state.State.PixelId is { } pixelId ? await Trackable(pixelId).GetAsync(accountId) : null;
        var links = await Task.WhenAll(state.State.LinkIds.Select(id => Trackable(id).GetAsync(accountId)));
        return new MailTrackingInfo(Id, state.State.AccountId, state.State.Created, state.State.Settings!, pixel, [.. links.OfType<TrackableInfo>()]);
    }

    public Task<TrackingSettings?> GetSettingsAsync(long accountId) => Task.FromResult(Owns(accountId) ? state.State.Settings : null);

    public Task<long?> GetEmailIdAsync() => Task.FromResult(state.State.EmailId);

    public async Task<Result<MailTrackingInfo>> UpdateAsync(long accountId, TrackingUpdate update)
    {
        if (!Owns(accountId)) return Result<MailTrackingInfo>.Fail(Outcome.NotFound);
        var settings = state.State.Settings!;
        if (PrivacyChange(update, settings.Privacy) is { } field)
        {
            return Result<MailTrackingInfo>.Fail(Outcome.Invalid, $"{field} is a privacy setting and cannot be changed after the mail tracking is created.");
        }
        var updated = settings with
        {
            Name = update.Name ?? settings.Name,
            Enabled = update.Enabled ?? settings.Enabled,
            UniqueOpensOnly = update.UniqueOpensOnly ?? settings.UniqueOpensOnly,
        };
        if (updated.UniqueOpensOnly && !updated.Privacy.TrackIpAddresses)
        {
            return Result<MailTrackingInfo>.Fail(Outcome.Invalid, "uniqueOpensOnly requires trackIpAddresses, which is off for this mail tracking.");
        }
        state.State.Settings = updated;
        await state.WriteStateAsync();
        if (updated.Enabled != settings.Enabled || updated.UniqueOpensOnly != settings.UniqueOpensOnly)
        {
            await Task.WhenAll(AllTrackableIds().Select(id => Trackable(id).SetSwitchesAsync(updated.Enabled, updated.UniqueOpensOnly)));
        }
        return Result<MailTrackingInfo>.Ok((await GetAsync(accountId))!);
    }

    public async Task<bool> DeleteAsync(long accountId)
    {
        if (!Owns(accountId)) return false;
        // Marked first, so a crash half-way leaves nothing reachable; the parts are then removed.
        state.State.Deleted = true;
        await state.WriteStateAsync();
        // Each trackable's token grain tells every silo's hit cache before the delete completes.
        await Task.WhenAll(AllTrackableIds().Select(id => Trackable(id).DeleteAsync()));
        await GrainFactory.GetGrain<IAccountGrain>(accountId).ForgetMailTrackingAsync(Id);
        await recipients.DeleteTrackingAsync(Id);
        state.State.PixelId = null;
        state.State.LinkIds.Clear();
        await state.WriteStateAsync();
        return true;
    }

    /// <summary>The privacy settings are fixed at creation: naming a different value is an error, the same value is not.</summary>
    private static string? PrivacyChange(TrackingUpdate update, PrivacySettings current) =>
        update.TrackIpAddresses is { } ip && ip != current.TrackIpAddresses ? "trackIpAddresses"
        : update.TrackUserAgents is { } ua && ua != current.TrackUserAgents ? "trackUserAgents"
        : update.TrackDateTimes is { } dt && dt != current.TrackDateTimes ? "trackDateTimes"
        : null;

    public async Task<Result<TrackableInfo>> AddPixelAsync(long accountId, CustomImage? image)
    {
        if (!Owns(accountId)) return Result<TrackableInfo>.Fail(Outcome.NotFound);
        if (state.State.PixelId is not null) return Result<TrackableInfo>.Fail(Outcome.Conflict, "This mail tracking already has a tracking pixel.");
        var pixelId = await ids.NextAsync();
        var info = await CreateTrackableAsync(pixelId, HitKind.Open, TokenKind.Pixel, null, image);
        state.State.PixelId = pixelId;
        await state.WriteStateAsync();
        return Result<TrackableInfo>.Ok(info);
    }

    public async Task<Result<TrackableInfo>> AddLinkAsync(long accountId, string url)
    {
        if (!Owns(accountId)) return Result<TrackableInfo>.Fail(Outcome.NotFound);
        if (state.State.LinkIds.Count >= MaxLinks)
        {
            return Result<TrackableInfo>.Fail(Outcome.LimitExceeded, $"A mail tracking can have at most {MaxLinks} trackable URLs.");
        }
        var linkId = await ids.NextAsync();
        var info = await CreateTrackableAsync(linkId, HitKind.Click, TokenKind.Link, url, null);
        state.State.LinkIds.Add(linkId);
        await state.WriteStateAsync();
        return Result<TrackableInfo>.Ok(info);
    }

    public async Task<bool> RemoveLinkAsync(long accountId, long linkId)
    {
        if (!Owns(accountId) || !state.State.LinkIds.Contains(linkId)) return false;
        await Trackable(linkId).DeleteAsync();
        state.State.LinkIds.Remove(linkId);
        await state.WriteStateAsync();
        return true;
    }

    public async Task<Result<IReadOnlyList<CreatedRecipient>>> AddRecipientsAsync(long accountId, IReadOnlyList<RecipientSpec> specs)
    {
        if (!Owns(accountId)) return Result<IReadOnlyList<CreatedRecipient>>.Fail(Outcome.NotFound);
        specs = [.. specs.Select(s => s with { Email = RecipientEmails.Normalize(s.Email) })];
        // One new id and token per distinct email; an email the tracking has keeps its own (the store decides).
        var distinct = specs.DistinctBy(s => s.Email, StringComparer.Ordinal).ToList();
        // The plan's recipients per month: every distinct email is reserved as if new, and what the tracking already had is given back.
        var account = GrainFactory.GetGrain<IAccountGrain>(accountId);
        var reserved = await account.ReserveRecipientsAsync(distinct.Count);
        if (reserved.Outcome != Outcome.Ok) return Result<IReadOnlyList<CreatedRecipient>>.Fail(reserved.Outcome, reserved.Message);
        var newIds = await ids.NextManyAsync(distinct.Count);
        var rows = distinct.Select((spec, i) => new NewRecipient(newIds[i], GrainKeys.NewToken(TokenKind.Recipient), spec)).ToList();
        var created = (await recipients.AddAsync(Id, accountId, rows)).ToDictionary(r => r.Email, StringComparer.Ordinal);
        var fresh = newIds.ToHashSet();
        await account.ReleaseRecipientsAsync(created.Values.Count(r => !fresh.Contains(r.Id)));
        return Result<IReadOnlyList<CreatedRecipient>>.Ok([.. specs.Select(s => created[s.Email])]);
    }

    public async Task<RecipientPage?> ListRecipientsAsync(long accountId, CommitCursor after, int limit) =>
        Owns(accountId) ? await recipients.ListAsync(Id, after, limit) : null;

    private async Task<TrackableInfo> CreateTrackableAsync(long id, HitKind kind, TokenKind tokenKind, string? url, CustomImage? image)
    {
        var settings = state.State.Settings!;
        var token = GrainKeys.NewToken(tokenKind);
        // The token first: a trackable whose token does not resolve would be unreachable, not wrong.
        await GrainFactory.GetGrain<ITokenGrain>(token).InitializeAsync(
            new TokenFacts(kind, id, Id, state.State.AccountId, url, settings.Privacy, image?.ContentType, state.State.IpSalt), image);
        return await Trackable(id).CreateAsync(new TrackableSpec(kind, Id, state.State.AccountId, token, url, settings.Enabled, settings.UniqueOpensOnly));
    }

    private IEnumerable<long> AllTrackableIds() =>
        state.State.PixelId is { } pixelId ? state.State.LinkIds.Prepend(pixelId) : state.State.LinkIds;

    private ITrackableGrain Trackable(long id) => GrainFactory.GetGrain<ITrackableGrain>(id);
}
