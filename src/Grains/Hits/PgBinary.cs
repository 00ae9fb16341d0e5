using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Fields of PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, binary format), written
/// straight into a buffer: the group commit encodes every hit on its critical path, and Npgsql's importer would resolve a
/// converter per field.
/// </summary>
public static class PgBinary
{
    /// <summary>The signature "PGCOPY\n\xff\r\n\0", then flags and the header extension's length (both 0).</summary>
    private static ReadOnlySpan<byte> Header => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.</summary>
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Lone surrogates become U+FFFD instead of failing the whole batch.</summary>
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static void WriteHeader(IBufferWriter<byte> output) => output.Write(Header);

    public static void WriteTrailer(IBufferWriter<byte> output) => WriteInt16(output, -1);

    /// <summary>The start of a row: its number of fields.</summary>
    public static void WriteRowStart(IBufferWriter<byte> output, short fields) => WriteInt16(output, fields);

    public static void Int16(IBufferWriter<byte> output, short value)
    {
        var span = output.GetSpan(6);
        BinaryPrimitives.WriteInt32BigEndian(span, 2);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], value);
        output.Advance(6);
    }

    public static void Int64(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        output.Advance(12);
    }

    public static void Int64(IBufferWriter<byte> output, long? value)
    {
        if (value is { } v) Int64(output, v);
        else Null(output);
    }

    public static void Uuid(IBufferWriter<byte> output, Guid value)
    {
        var span = output.GetSpan(20);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        // uuid is sent in RFC 4122 byte order: big-endian.
        value.TryWriteBytes(span[4..], bigEndian: true, out _);
        output.Advance(20);
    }

    public static void Bool(IBufferWriter<byte> output, bool value)
    {
        var span = output.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
        output.Advance(5);
    }

    public static void TimestampTz(IBufferWriter<byte> output, DateTimeOffset? value)
    {
        if (value is { } date) Int64(output, (date.UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
        else Null(output);
    }

    public static void Text(IBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            Null(output);
            return;
        }
        var span = output.GetSpan(4 + Utf8.GetMaxByteCount(value.Length));
        var length = Utf8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        output.Advance(4 + length);
    }

    public static void Null(IBufferWriter<byte> output)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), -1);
        output.Advance(4);
    }

    private static void WriteInt16(IBufferWriter<byte> output, short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }
}
