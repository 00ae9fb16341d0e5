using System.Net;
using System.Security.Cryptography;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Grains.Hits;

/// <summary>Turns what a request carried into the hit that may be stored: what the privacy settings allow, nothing more.</summary>
public static class HitShaper
{
    public const int MaxCustomDataLength = 255;

    public static Hit Shape(TokenFacts facts, Guid hitId, DateTimeOffset time, IPAddress? ip, string? userAgent, string? customData, bool bot)
    {
        var privacy = facts.Privacy;
        return new Hit(
            hitId,
            facts.Kind,
            facts.EntityId,
            facts.TrackingId,
            facts.AccountId,
            privacy.TrackDateTimes ? time : null,
            privacy.TrackIpAddresses ? ip?.ToString() : null,
            privacy.TrackIpAddresses && ip is not null ? HashIp(facts.IpSalt, ip) : null,
            privacy.TrackUserAgents ? userAgent : null,
            CutCustomData(customData),
            null,
            bot);
    }

    public static string? CutCustomData(string? customData) =>
        string.IsNullOrEmpty(customData) ? null : customData.Length > MaxCustomDataLength ? customData[..MaxCustomDataLength] : customData;

    public static IPAddress? Normalize(IPAddress? ip) => ip is { IsIPv4MappedToIPv6: true } ? ip.MapToIPv4() : ip;

    /// <summary>Salted per account: equal IPs compare equal within one account and nowhere else.</summary>
    public static string HashIp(byte[] salt, IPAddress ip)
    {
        Span<byte> address = stackalloc byte[16];
        ip.TryWriteBytes(address, out var written);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(salt, address[..written], hash);
        return Convert.ToBase64String(hash[..18]);
    }
}
