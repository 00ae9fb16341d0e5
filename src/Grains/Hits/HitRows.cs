using MailTracker.Hits;
using Npgsql;

namespace MailTracker.Grains.Hits;

/// <summary>
/// Reads a hit from a row whose columns, from <paramref name="first"/> on, are
/// hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot
/// (columns of mt_hits).
/// </summary>
internal static class HitRows
{
    public const string Columns = "hit_id, kind, entity_id, tracking_id, account_id, date, ip_address, ip_hash, user_agent, custom_data, recipient_id, bot";

    public static Hit Read(NpgsqlDataReader reader, int first) => new(
        HitId: reader.GetGuid(first),
        Kind: (HitKind)reader.GetInt16(first + 1),
        EntityId: reader.GetInt64(first + 2),
        TrackingId: reader.GetInt64(first + 3),
        AccountId: reader.GetInt64(first + 4),
        Date: reader.IsDBNull(first + 5) ? null : reader.GetFieldValue<DateTimeOffset>(first + 5),
        IpAddress: Text(reader, first + 6),
        IpHash: Text(reader, first + 7),
        UserAgent: Text(reader, first + 8),
        CustomData: Text(reader, first + 9),
        RecipientId: reader.IsDBNull(first + 10) ? null : reader.GetInt64(first + 10),
        Bot: reader.GetBoolean(first + 11));

    public static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
