namespace MailTracker.Tests.Infrastructure;

/// <summary>One sample line of a Prometheus text exposition: <c>name{labels} value</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
