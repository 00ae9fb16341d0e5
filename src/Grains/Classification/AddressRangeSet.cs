using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MailTracker.Grains.Classification;

/// <summary>
/// A set of address ranges looked up by binary search, for lists of tens of thousands of ranges (Apple's egress list) that a
/// hit must not scan one by one. IPv4 is kept as IPv4-mapped IPv6, so one ordering serves both families.
/// </summary>
public sealed class AddressRangeSet
{
    private readonly UInt128[] _starts;
    private readonly UInt128[] _ends;

    private AddressRangeSet(UInt128[] starts, UInt128[] ends)
    {
        _starts = starts;
        _ends = ends;
    }

    public int Count => _starts.Length;

    public static AddressRangeSet Of(IEnumerable<IPNetwork> networks)
    {
        var ranges = networks.Select(Range).OrderBy(r => r.Start).ToList();
        var merged = new List<(UInt128 Start, UInt128 End)>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End + 1)
            {
                if (range.End > merged[^1].End) merged[^1] = (merged[^1].Start, range.End);
            }
            else
            {
                merged.Add(range);
            }
        }
        return new AddressRangeSet([.. merged.Select(r => r.Start)], [.. merged.Select(r => r.End)]);
    }

    public bool Contains(IPAddress address) => Contains(Value(address));

    public bool Contains(UInt128 value)
    {
        var index = Array.BinarySearch(_starts, value);
        if (index >= 0) return true;
        var before = ~index - 1;
        return before >= 0 && value <= _ends[before];
    }

    private static (UInt128 Start, UInt128 End) Range(IPNetwork network)
    {
        var start = Value(network.BaseAddress);
        var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 - network.PrefixLength : 128 - network.PrefixLength;
        var size = bits >= 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;
        return (start, start | size);
    }

    /// <summary>The address as a number in the set's order: IPv4 as its IPv4-mapped IPv6 (::ffff:a.b.c.d), without allocating.</summary>
    public static UInt128 Value(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes[12..], out _);
            bytes[10] = 0xff;
            bytes[11] = 0xff;
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
        }
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
