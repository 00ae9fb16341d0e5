using System.Globalization;
using System.Text;

namespace MailTracker.Api.Http;

/// <summary>Opaque cursors (base64url text): callers pass them back, they do not build them.</summary>
public static class Cursors
{
    /// <summary>A list position by id ("mt:" + id).</summary>
    public static string Encode(long id) => ToBase64Url("mt:" + id.ToString(CultureInfo.InvariantCulture));

    public static long? DecodeId(string cursor) =>
        FromBase64Url(cursor) is { } text && text.StartsWith("mt:", StringComparison.Ordinal)
        && long.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>A commit-order position ("c:" + xid + "." + seq).</summary>
    public static string Encode(CommitCursor cursor) => ToBase64Url(string.Create(CultureInfo.InvariantCulture, $"c:{cursor.Xid}.{cursor.Seq}"));

    /// <summary>The start for no cursor, null for one this API did not give out.</summary>
    public static CommitCursor? DecodeCommit(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return CommitCursor.Start;
        if (FromBase64Url(cursor) is not { } text || !text.StartsWith("c:", StringComparison.Ordinal)) return null;
        var dot = text.IndexOf('.');
        return dot > 2
            && long.TryParse(text.AsSpan(2, dot - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var xid)
            && long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? new CommitCursor(xid, seq)
            : null;
    }

    private static string ToBase64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? FromBase64Url(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
