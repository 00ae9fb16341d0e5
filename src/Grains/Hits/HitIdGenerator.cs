using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Hit ids: UUIDv7 layout (milliseconds first, so ids of one moment sit together), with the 74 bits after the timestamp a
/// random start of this instance plus a counter. Unique within a silo by the counter and across silos by the random start,
/// without a call to the system's random source per hit.
/// </summary>
public sealed class HitIdGenerator(TimeProvider time)
{
    private readonly ulong _start = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly ushort _startA = BitConverter.ToUInt16(RandomNumberGenerator.GetBytes(2));
    private long _counter;

    /// <summary>When a hit id was made: its first 48 bits are Unix milliseconds.</summary>
    public static DateTimeOffset TimeOf(Guid hitId)
    {
        Span<byte> bytes = stackalloc byte[16];
        hitId.TryWriteBytes(bytes, bigEndian: true, out _);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16));
    }

    public Guid Next()
    {
        var milliseconds = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        var b = _start + (ulong)Interlocked.Increment(ref _counter);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, milliseconds << 16 | 0x7000u | (_startA & 0x0FFFu));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (b & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL);
        return new Guid(bytes, bigEndian: true);
    }
}
