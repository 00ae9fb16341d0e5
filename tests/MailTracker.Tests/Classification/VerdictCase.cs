namespace MailTracker.Tests.Classification;

/// <summary>One published request and the verdict it must get (verdict-cases.json: each case cites where it was published).</summary>
public sealed record VerdictCase(
    string Kind,
    string? Method,
    string? UserAgent,
    string Ip,
    double SecondsAfterSend,
    bool Bot,
    string? Reason,
    string? Proxy,
    string Source)
{
    public override string ToString() => $"{Kind} {Method ?? "GET"} {Ip} +{SecondsAfterSend}s \"{UserAgent}\"";
}
