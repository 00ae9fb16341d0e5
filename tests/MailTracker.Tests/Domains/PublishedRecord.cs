namespace MailTracker.Tests.Domains;

/// <summary>A DNS record as the domain API shows it.</summary>
public sealed record PublishedRecord(string Type, string Name, string Value, string Purpose, string State, IReadOnlyList<string> Found);
