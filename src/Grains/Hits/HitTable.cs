using System.Buffers;
using MailTracker.Hits;
using Npgsql;

namespace MailTracker.Grains.Hits;

/// <summary>
/// The one schema of a hit row (<c>mt_hits</c>): each column of a <see cref="Hit"/> is declared once below, with its binary COPY
/// encoder and its decoder. The group commit's COPY, the tailers' read, the data endpoints' pages and the feeds all take their
/// column lists and ordinals from here; a new hit column is a property of <see cref="Hit"/>, an entry here and a migration.
/// </summary>
public static class HitTable
{
    public const string Name = "mt_hits";

    /// <summary>
    /// Every column of a hit, in COPY order after <c>xid</c> and <c>partition</c>. <c>RawOnly</c> columns hold the request's
    /// own fields and what the verdict says beyond bot or not: a tailer needs them only for a hit logged unresolved
    /// (entity_id 0), which it still has to shape (its reads of every other row decode, and allocate, none of them), and the
    /// user agent, the address and the proxy of a person's open, which the analytics' breakdowns come from.
    /// </summary>
    private static readonly Column[] Columns =
    [
        new("hit_id", false, (o, h) => PgBinary.Uuid(o, h.HitId), (ref Fields f, NpgsqlDataReader r, int i) => f.HitId = r.GetGuid(i)),
        new("kind", false, (o, h) => PgBinary.Int16(o, (short)h.Kind), (ref Fields f, NpgsqlDataReader r, int i) => f.Kind = (HitKind)r.GetInt16(i)),
        new("entity_id", false, (o, h) => PgBinary.Int64(o, h.EntityId), (ref Fields f, NpgsqlDataReader r, int i) => f.EntityId = r.GetInt64(i)),
        new("tracking_id", false, (o, h) => PgBinary.Int64(o, h.TrackingId), (ref Fields f, NpgsqlDataReader r, int i) => f.TrackingId = r.GetInt64(i)),
        new("account_id", false, (o, h) => PgBinary.Int64(o, h.AccountId), (ref Fields f, NpgsqlDataReader r, int i) => f.AccountId = r.GetInt64(i)),
        new("date", false, (o, h) => PgBinary.TimestampTz(o, h.Date),
            (ref Fields f, NpgsqlDataReader r, int i) => f.Date = r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i)),
        new("ip_address", true, (o, h) => PgBinary.Text(o, h.IpAddress), (ref Fields f, NpgsqlDataReader r, int i) => f.IpAddress = Text(r, i), ForPeople: true),
        new("ip_hash", false, (o, h) => PgBinary.Text(o, h.IpHash), (ref Fields f, NpgsqlDataReader r, int i) => f.IpHash = Text(r, i)),
        new("user_agent", true, (o, h) => PgBinary.Text(o, h.UserAgent), (ref Fields f, NpgsqlDataReader r, int i) => f.UserAgent = Text(r, i), ForPeople: true),
        new("custom_data", true, (o, h) => PgBinary.Text(o, h.CustomData), (ref Fields f, NpgsqlDataReader r, int i) => f.CustomData = Text(r, i)),
        new("recipient_id", false, (o, h) => PgBinary.Int64(o, h.RecipientId),
            (ref Fields f, NpgsqlDataReader r, int i) => f.RecipientId = r.IsDBNull(i) ? null : r.GetInt64(i)),
        new("bot", false, (o, h) => PgBinary.Bool(o, h.Bot), (ref Fields f, NpgsqlDataReader r, int i) => f.Bot = r.GetBoolean(i)),
        new("token", true, (o, h) => PgBinary.Text(o, h.Token), (ref Fields f, NpgsqlDataReader r, int i) => f.Token = Text(r, i)),
        new("recipient_token", true, (o, h) => PgBinary.Text(o, h.RecipientToken), (ref Fields f, NpgsqlDataReader r, int i) => f.RecipientToken = Text(r, i)),
        new("bot_reason", true, (o, h) => PgBinary.Text(o, h.BotReason), (ref Fields f, NpgsqlDataReader r, int i) => f.BotReason = Text(r, i)),
        new("proxy", true, (o, h) => PgBinary.Text(o, h.Proxy), (ref Fields f, NpgsqlDataReader r, int i) => f.Proxy = Text(r, i), ForPeople: true),
        new("rules_version", true, (o, h) => PgBinary.Text(o, h.RulesVersion), (ref Fields f, NpgsqlDataReader r, int i) => f.RulesVersion = Text(r, i)),
    ];

    /// <summary>How many columns <see cref="Read"/> decodes, from its first ordinal on.</summary>
    public static int ColumnCount => Columns.Length;

    /// <summary>The transaction id and the partition come first: they are the log's, not the hit's.</summary>
    private static readonly short FieldsPerRow = (short)(2 + Columns.Length);

    private const string XidCommand = "SELECT pg_current_xact_id()::text::bigint";

    private static readonly string CopyCommand =
        $"COPY {Name} (xid, partition, {string.Join(", ", Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Every hit column, for <see cref="Read"/>; with an alias, qualified by it.</summary>
    public static string SelectList(string? alias = null) =>
        string.Join(", ", Columns.Select(c => alias is null ? c.Name : $"{alias}.{c.Name}"));

    /// <summary>
    /// What a tailer reads, for <see cref="Read"/>: the raw-only columns only of unresolved rows, the ones the breakdowns need
    /// only of a person's opens too (null otherwise): a bot's hit costs the tailer no strings.
    /// </summary>
    public static readonly string TailerSelectList =
        string.Join(", ", Columns.Select(c => c switch
        {
            { ForPeople: true } => $"CASE WHEN entity_id = 0 OR (kind = {(short)HitKind.Open} AND NOT bot) THEN {c.Name} END",
            { RawOnly: true } => $"CASE WHEN entity_id = 0 THEN {c.Name} END",
            _ => c.Name,
        }));

    /// <summary>Decodes a hit from the row's columns <paramref name="first"/> on, as listed by <see cref="SelectList"/>.</summary>
    public static Hit Read(NpgsqlDataReader reader, int first) => Decode(reader, first).ToHit();

    /// <summary>Decodes what a tailer needs from the row's columns <paramref name="first"/> on, as listed by <see cref="TailerSelectList"/>.</summary>
    public static LoggedHit ReadLogged(NpgsqlDataReader reader, int first, LogPosition place)
    {
        var fields = Decode(reader, first);
        return new LoggedHit(fields.HitId, fields.Kind, fields.EntityId, fields.Bot, fields.IpHash, fields.RecipientId, fields.Date,
            fields.EntityId == 0 ? fields.ToHit() : null)
        {
            TrackingId = fields.TrackingId,
            AccountId = fields.AccountId,
            UserAgent = fields.UserAgent,
            IpAddress = fields.IpAddress,
            Proxy = fields.Proxy,
            Place = place,
        };
    }

    private static Fields Decode(NpgsqlDataReader reader, int first)
    {
        var fields = default(Fields);
        for (var i = 0; i < Columns.Length; i++) Columns[i].Read(ref fields, reader, first + i);
        return fields;
    }

    /// <summary>The id of the connection's current transaction: the place in the log of every row it writes (its <c>xid</c>).</summary>
    public static async Task<long> CurrentXidAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(XidCommand, connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Writes the buffer's hits with one binary COPY in the connection's current transaction, whose id (<paramref name="xid"/>)
    /// places them in the log. Nothing commits before the caller's COMMIT; a row the server rejects throws here.
    /// </summary>
    public static async Task CopyAsync(NpgsqlConnection connection, long xid, HitCopyBuffer hits, CancellationToken cancellationToken)
    {
        // Encoded first, sent whole: one write to the server, and the rows cost no converter look-ups.
        hits.Sort();
        var rows = hits.EmptyBytes();
        PgBinary.WriteHeader(rows);
        for (var i = 0; i < hits.Count; i++) WriteRow(rows, xid, hits[i]);
        PgBinary.WriteTrailer(rows);
        await using var copy = await connection.BeginRawBinaryCopyAsync(CopyCommand, cancellationToken);
        await copy.WriteAsync(rows.WrittenMemory, cancellationToken);
    }

    private static void WriteRow(IBufferWriter<byte> output, long xid, Hit hit)
    {
        PgBinary.WriteRowStart(output, FieldsPerRow);
        PgBinary.Int64(output, xid);
        PgBinary.Int16(output, (short)hit.Partition);
        foreach (var column in Columns) column.Write(output, hit);
    }

    public static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private delegate void Decoder(ref Fields fields, NpgsqlDataReader reader, int ordinal);

    /// <param name="RawOnly">Read by a tailer only for unresolved rows (and, with <paramref name="ForPeople"/>, for a person's opens).</param>
    /// <param name="ForPeople">What the analytics' breakdowns of a person's open derive from (client, device, country, proxy).</param>
    private sealed record Column(string Name, bool RawOnly, Action<IBufferWriter<byte>, Hit> Write, Decoder Read, bool ForPeople = false);

    /// <summary>A hit while its columns are decoded one by one.</summary>
    private struct Fields
    {
        public Guid HitId;
        public HitKind Kind;
        public long EntityId;
        public long TrackingId;
        public long AccountId;
        public DateTimeOffset? Date;
        public string? IpAddress;
        public string? IpHash;
        public string? UserAgent;
        public string? CustomData;
        public long? RecipientId;
        public bool Bot;
        public string? Token;
        public string? RecipientToken;
        public string? BotReason;
        public string? Proxy;
        public string? RulesVersion;

        public readonly Hit ToHit() =>
            new(HitId, Kind, EntityId, TrackingId, AccountId, Date, IpAddress, IpHash, UserAgent, CustomData, RecipientId, Bot)
            {
                Token = Token,
                RecipientToken = RecipientToken,
                BotReason = BotReason,
                Proxy = Proxy,
                RulesVersion = RulesVersion,
            };
    }
}
