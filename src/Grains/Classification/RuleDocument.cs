namespace MailTracker.Grains.Classification;

/// <summary>One rule as written: conditions (all must hold), the verdict and the public source it comes from.</summary>
public sealed record RuleDocument(
    string? Id,
    List<string>? Kinds,
    string? Method,
    UserAgentCondition? UserAgent,
    List<string>? Addresses,
    string? AddressList,
    string? Verdict,
    string? Reason,
    string? Proxy,
    string? Source,
    string? Note);
