using System.Net;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Trackings;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The intake, the hit path's stage on every silo: resolves the token from this silo's look-ups, applies the hit policy and
/// appends the hit to the log, completing after its group commit. In the steady state every look-up is cached, so a hit costs
/// no grain call and no state machine of its own: the caller awaits the commit directly.
/// </summary>
public sealed class HitIntake(HitLookups lookups, HitPolicy policy, HitIdGenerator ids, IHitLog log, TimeProvider time) : IHitIntake
{
    /// <summary>
    /// How long a hit waits for an uncached token's grain. A call to a grain on a silo that just died can hang
    /// until the cluster declares it dead; the hit is then logged unresolved instead of waiting or being lost.
    /// </summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(1);

    public ValueTask<TokenFacts?> ResolveAsync(string token, HitKind kind) =>
        TryResolveCached(token, kind, out var facts) ? ValueTask.FromResult(facts) : LoadAsync(token, kind);

    public bool TryResolveCached(ReadOnlySpan<char> token, HitKind kind, out TokenFacts? facts)
    {
        facts = null;
        // A malformed token can never exist: answer without activating a grain for it.
        if (!IsToken(token, kind)) return true;
        if (!lookups.TryCachedFacts(token, out var cached)) return false;
        facts = OfKind(cached, kind);
        return true;
    }

    public ValueTask<TokenFacts?> LoadAsync(string token, HitKind kind) => ResolveSlowAsync(token, lookups.LoadFactsAsync(token, ResolveTimeout), kind);

    private static async ValueTask<TokenFacts?> ResolveSlowAsync(string token, ValueTask<TokenFacts?> facts, HitKind kind)
    {
        try
        {
            return OfKind(await facts, kind);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            throw new TokenUnavailableException(token, e);
        }
    }

    private static TokenFacts? OfKind(TokenFacts? facts, HitKind kind) => facts is not null && facts.Kind == kind ? facts : null;

    private static bool IsToken(ReadOnlySpan<char> token, HitKind kind) => GrainKeys.IsToken(token, kind == HitKind.Open ? TokenKind.Pixel : TokenKind.Link);

    public ValueTask<CustomImage?> GetImageAsync(string token) => lookups.ImageAsync(token);

    public Task RecordAsync(TokenFacts facts, HitRequest request)
    {
        var input = policy.Input(ids.Next(), facts.Kind, time.GetUtcNow(), request);
        var blacklist = lookups.BlacklistAsync(facts.AccountId);
        if (!blacklist.IsCompletedSuccessfully) return RecordAfterBlacklistAsync(input, facts, blacklist, request.RecipientToken);
        // Blacklisted hits are not even logged: they appear nowhere, and cost no recipient look-up.
        if (HitPolicy.IsBlacklisted(blacklist.Result, input.Ip)) return Task.CompletedTask;
        var recipient = RecipientAsync(request.RecipientToken);
        return recipient.IsCompletedSuccessfully ? AppendAsync(input, facts, recipient.Result) : AppendAfterRecipientAsync(input, facts, recipient);
    }

    private async Task RecordAfterBlacklistAsync(HitInput input, TokenFacts facts, ValueTask<IPNetwork[]> blacklist, string? recipientToken)
    {
        if (!HitPolicy.IsBlacklisted(await blacklist, input.Ip)) await AppendAsync(input, facts, await RecipientAsync(recipientToken));
    }

    private async Task AppendAfterRecipientAsync(HitInput input, TokenFacts facts, ValueTask<RecipientFacts?> recipient) =>
        await AppendAsync(input, facts, await recipient);

    private Task AppendAsync(in HitInput input, TokenFacts facts, RecipientFacts? recipient) => log.AppendAsync(policy.Apply(input, facts, recipient));

    /// <summary>
    /// The <c>?r=</c> recipient. One that cannot be read in time only costs the hit its attribution: the hit itself is still
    /// recorded at once.
    /// </summary>
    private ValueTask<RecipientFacts?> RecipientAsync(string? token)
    {
        var recipient = lookups.RecipientAsync(token, ResolveTimeout);
        return recipient.IsCompletedSuccessfully ? recipient : RecipientSlowAsync(recipient);
    }

    private static async ValueTask<RecipientFacts?> RecipientSlowAsync(ValueTask<RecipientFacts?> recipient)
    {
        try
        {
            return await recipient;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    public Task RecordUnresolvedAsync(string token, HitKind kind, HitRequest request) =>
        IsToken(token, kind)
            ? log.AppendAsync(HitPolicy.Raw(policy.Input(ids.Next(), kind, time.GetUtcNow(), request), token, request.RecipientToken))
            : Task.CompletedTask;
}
