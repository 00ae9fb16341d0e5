using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Encodes hits as rows of PostgreSQL's binary COPY format for <c>mt_hits</c>, in the column order of
/// <see cref="Columns"/>. Written by hand because the group commit's writer encodes every hit on its
/// critical path: Npgsql's importer resolves a converter per field (15 per row), this writes bytes.
/// Format: https://www.postgresql.org/docs/current/sql-copy.html (binary format).
/// </summary>
public static class HitCopyRows
{
    public const string Columns =
        "xid, partition, hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot, token";

    private static readonly short FieldCount = (short)Columns.Split(',').Length;

    /// <summary>The signature "PGCOPY\n\xff\r\n\0", then flags and the header extension's length (both 0).</summary>
    private static ReadOnlySpan<byte> Header => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.</summary>
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Lone surrogates become U+FFFD instead of failing the whole batch.</summary>
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static void WriteHeader(IBufferWriter<byte> output) => output.Write(Header);

    public static void WriteTrailer(IBufferWriter<byte> output) => WriteInt16(output, -1);

    public static void WriteRow(IBufferWriter<byte> output, long xid, Hit hit)
    {
        WriteInt16(output, FieldCount);
        WriteInt64Field(output, xid);
        WriteInt16Field(output, (short)hit.Partition);
        WriteUuidField(output, hit.HitId);
        WriteInt16Field(output, (short)hit.Kind);
        WriteInt64Field(output, hit.EntityId);
        WriteInt64Field(output, hit.TrackingId);
        WriteInt64Field(output, hit.AccountId);
        if (hit.Date is { } date) WriteInt64Field(output, (date.UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
        else WriteNull(output);
        WriteText(output, hit.IpAddress);
        WriteText(output, hit.IpHash);
        WriteText(output, hit.UserAgent);
        WriteText(output, hit.CustomData);
        if (hit.RecipientId is { } recipientId) WriteInt64Field(output, recipientId);
        else WriteNull(output);
        WriteBoolField(output, hit.Bot);
        WriteText(output, hit.Token);
    }

    private static void WriteInt16(IBufferWriter<byte> output, short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }

    private static void WriteInt16Field(IBufferWriter<byte> output, short value)
    {
        var span = output.GetSpan(6);
        BinaryPrimitives.WriteInt32BigEndian(span, 2);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], value);
        output.Advance(6);
    }

    private static void WriteInt64Field(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        output.Advance(12);
    }

    private static void WriteUuidField(IBufferWriter<byte> output, Guid value)
    {
        var span = output.GetSpan(20);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        // uuid is sent in RFC 4122 byte order: big-endian.
        value.TryWriteBytes(span[4..], bigEndian: true, out _);
        output.Advance(20);
    }

    private static void WriteBoolField(IBufferWriter<byte> output, bool value)
    {
        var span = output.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
        output.Advance(5);
    }

    private static void WriteNull(IBufferWriter<byte> output)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), -1);
        output.Advance(4);
    }

    private static void WriteText(IBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            WriteNull(output);
            return;
        }
        var span = output.GetSpan(4 + Utf8.GetMaxByteCount(value.Length));
        var length = Utf8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        output.Advance(4 + length);
    }
}
