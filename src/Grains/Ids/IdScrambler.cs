using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MailTracker.Grains.Ids;

/// <summary>
/// Turns a dense counter into ids that reveal nothing about how many entities other accounts created:
/// a keyed 48-bit Feistel permutation, so distinct counters always give distinct ids (a bijection) and
/// the results stay below 2^53, safe for JavaScript clients.
/// </summary>
public sealed class IdScrambler
{
    private const int HalfBits = 24;
    private const ulong HalfMask = (1UL << HalfBits) - 1;
    private const int Rounds = 4;
    private readonly byte[] _key;

    public IdScrambler(byte[] key)
    {
        if (key.Length < 16) throw new ArgumentException("The id key needs at least 128 bits.", nameof(key));
        _key = key;
    }

    /// <summary>Maps counter values 0 .. 2^48-1 one-to-one onto ids 1 .. 2^48.</summary>
    public long Scramble(long counter)
    {
        if (counter < 0 || counter >= 1L << (2 * HalfBits)) throw new ArgumentOutOfRangeException(nameof(counter));
        var left = (ulong)counter >> HalfBits;
        var right = (ulong)counter & HalfMask;
        Span<byte> input = stackalloc byte[5];
        Span<byte> hash = stackalloc byte[32];
        for (var round = 0; round < Rounds; round++)
        {
            input[0] = (byte)round;
            BinaryPrimitives.WriteUInt32LittleEndian(input[1..], (uint)right);
            HMACSHA256.HashData(_key, input, hash);
            var next = left ^ (BinaryPrimitives.ReadUInt32LittleEndian(hash) & HalfMask);
            left = right;
            right = next;
        }
        return (long)((left << HalfBits) | right) + 1;
    }
}
