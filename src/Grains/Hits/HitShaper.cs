using System.Net;
using System.Security.Cryptography;
using MailTracker.Hits;
using MailTracker.Trackings;

namespace MailTracker.Grains.Hits;

/// <summary>Turns what a request carried into the hit that may be stored: what the privacy settings allow, nothing more.</summary>
public static class HitShaper
{
    public const int MaxCustomDataLength = 255;

    public static Hit Shape(TokenFacts facts, Guid hitId, DateTimeOffset time, IPAddress? ip, string? userAgent, string? customData, bool bot, long? recipientId = null)
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
            recipientId,
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
        // One HMAC per thread, kept while the salt stays the same (a newsletter's hits share one account):
        // keying a new one costs more than hashing.
        if (_hmac is not { } hmac || !_hmacKey.AsSpan().SequenceEqual(salt))
        {
            _hmac?.Dispose();
            _hmac = hmac = new HMACSHA256(salt);
            _hmacKey = salt;
        }
        hmac.TryComputeHash(address[..written], hash, out _);
        return Convert.ToBase64String(hash[..18]);
    }

    [ThreadStatic] private static HMACSHA256? _hmac;
    [ThreadStatic] private static byte[]? _hmacKey;
}

/// <summary>
/// Hit ids: UUIDv7 layout (milliseconds first, so ids of one moment sit together in the index), with the
/// 74 bits after the timestamp a random per-process start plus a counter. Unique within a process by the
/// counter and across processes by the random start, without a call to the system's random source per hit.
/// </summary>
public static class HitIds
{
    private static readonly ulong Start = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static readonly ushort StartA = BitConverter.ToUInt16(RandomNumberGenerator.GetBytes(2));
    private static long _counter;

    public static Guid Next(TimeProvider time)
    {
        var milliseconds = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        var b = Start + (ulong)Interlocked.Increment(ref _counter);
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, milliseconds << 16 | 0x7000u | (StartA & 0x0FFFu));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (b & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL);
        return new Guid(bytes, bigEndian: true);
    }
}
