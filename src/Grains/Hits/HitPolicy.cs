using System.Net;
using System.Security.Cryptography;
using MailTracker.Grains.Classification;
using MailTracker.Hits;
using MailTracker.Recipients;
using MailTracker.Trackings;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The one hit policy: what of a request becomes a hit — the blacklist, the recipient's attribution, the bot verdict and the
/// privacy shaping. The intake applies it at request time; the partition tailer applies the same to a hit that was logged raw
/// because its token could not be resolved in time, from the raw row's fields, so both end as the same row.
/// </summary>
public sealed class HitPolicy(HitClassifier classifier) : IDisposable
{
    public const int MaxCustomDataLength = 255;

    /// <summary>
    /// One HMAC per thread, kept while the salt stays the same (a newsletter's hits share one account): keying a new one per hit
    /// costs more than hashing.
    /// </summary>
    private readonly ThreadLocal<(byte[] Key, HMACSHA256 Hmac)?> _hmacs = new(trackAllValues: true);

    /// <summary>What a request carries into the policy, at request time.</summary>
    public HitInput Input(Guid hitId, HitKind kind, DateTimeOffset at, HitRequest request)
    {
        var ip = IpNetworks.Normalize(request.ClientIp);
        return new HitInput(hitId, kind, at, ip, request.UserAgent, request.CustomData, classifier.Judge(kind, request.IsHead, ip, request.UserAgent));
    }

    /// <summary>
    /// The raw row of a hit whose token could not be resolved: the request's input as it came (nobody sees the row until it is
    /// resolved), the token and the <c>?r=</c> token; <see cref="Input(Hit)"/> reads the same input back from it.
    /// </summary>
    public static Hit Raw(in HitInput input, string token, string? recipientToken) =>
        new(input.HitId, input.Kind, 0, 0, 0, input.At, input.Ip?.ToString(), null, input.UserAgent, CutCustomData(input.CustomData), null, input.Request.Bot)
        {
            Token = token,
            RecipientToken = IsRecipientToken(recipientToken) ? recipientToken : null,
            BotReason = input.Request.Reason,
            Proxy = input.Request.Proxy,
            RulesVersion = input.Request.RulesVersion,
        };

    /// <summary>What a raw row carries into the policy once its token is resolved: the same as its request did.</summary>
    public static HitInput Input(Hit raw) =>
        new(raw.HitId, raw.Kind, raw.Date ?? DateTimeOffset.UnixEpoch, raw.IpAddress is { } text && IPAddress.TryParse(text, out var ip) ? ip : null,
            raw.UserAgent, raw.CustomData, raw.Verdict);

    /// <summary>A <c>?r=</c> value that can be a recipient's token (anything else is ignored, as an unknown one is).</summary>
    public static bool IsRecipientToken(string? token) => token is not null && GrainKeys.IsToken(token, TokenKind.Recipient);

    /// <summary>
    /// The policy's first rule: a hit from an address of the account's blacklist is recorded nowhere. Asked before anything
    /// else (so a blacklisted hit costs no recipient look-up); <see cref="Apply"/> shapes only what it admits.
    /// </summary>
    public static bool IsBlacklisted(IPNetwork[] blacklist, IPAddress? ip) => ip is not null && IpNetworks.Contains(blacklist, ip);

    /// <summary>
    /// The hit to log for <paramref name="input"/> on the token of <paramref name="facts"/>, once <see cref="IsBlacklisted"/> has
    /// admitted it. <paramref name="found"/> is the <c>?r=</c> recipient, if any: it counts only for its own mail tracking.
    /// </summary>
    public Hit Apply(in HitInput input, TokenFacts facts, RecipientFacts? found)
    {
        var recipient = found is not null && found.TrackingId == facts.TrackingId && found.AccountId == facts.AccountId ? found : null;
        var verdict = classifier.AfterSend(input.Request, facts.Kind, recipient?.Created, input.At);
        var privacy = facts.Privacy;
        return new Hit(
            input.HitId,
            facts.Kind,
            facts.EntityId,
            facts.TrackingId,
            facts.AccountId,
            privacy.TrackDateTimes ? input.At : null,
            privacy.TrackIpAddresses ? input.Ip?.ToString() : null,
            privacy.TrackIpAddresses && input.Ip is not null ? HashIp(facts.IpSalt, input.Ip) : null,
            privacy.TrackUserAgents ? input.UserAgent : null,
            CutCustomData(input.CustomData),
            recipient?.Id,
            verdict.Bot)
        {
            BotReason = verdict.Reason,
            // The proxy names the reader's mail provider: derived from the user agent, kept only where user agents are.
            Proxy = privacy.TrackUserAgents ? verdict.Proxy : null,
            RulesVersion = verdict.RulesVersion,
        };
    }

    public static string? CutCustomData(string? customData) =>
        string.IsNullOrEmpty(customData) ? null : customData.Length > MaxCustomDataLength ? customData[..MaxCustomDataLength] : customData;

    /// <summary>Salted per account: equal IPs compare equal within one account and nowhere else.</summary>
    public string HashIp(byte[] salt, IPAddress ip)
    {
        Span<byte> address = stackalloc byte[16];
        ip.TryWriteBytes(address, out var written);
        Span<byte> hash = stackalloc byte[32];
        var cached = _hmacs.Value;
        if (cached is not { } current || !current.Key.AsSpan().SequenceEqual(salt))
        {
            cached?.Hmac.Dispose();
            current = (salt, new HMACSHA256(salt));
            _hmacs.Value = current;
        }
        current.Hmac.TryComputeHash(address[..written], hash, out _);
        return Convert.ToBase64String(hash[..18]);
    }

    public void Dispose()
    {
        foreach (var cached in _hmacs.Values) cached?.Hmac.Dispose();
        _hmacs.Dispose();
    }
}
