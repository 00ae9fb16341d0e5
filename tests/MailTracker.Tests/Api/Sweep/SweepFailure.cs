using System.Text;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>A request the API answered wrongly: a 5xx, a 4xx without the envelope, no answer in time, or an exception.</summary>
public sealed record SweepFailure(SweepRequest Request, int? Status, string Kind, string Response)
{
    public string Describe() =>
        $"{Request.Method} {Excerpt(Request.Target, 200)} [{Request.Description}]"
        + (Request.ContentType is { } type ? $" Content-Type: {Excerpt(type, 80)}" : "")
        + (Request.Body is { Length: > 0 } body ? $" body: {Excerpt(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400)), 120)} ({body.Length} bytes)" : "")
        + $"\n      → {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}: {Excerpt(Response, 400)}";

    private static string Excerpt(string text, int length) =>
        (text.Length > length ? text[..length] + "…" : text).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
