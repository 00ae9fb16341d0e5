namespace MailTracker.Tests.Api.Sweep;

/// <summary>A property of a documented request body: its JSON type (the first that is not null) and, for arrays, its items' type.</summary>
public sealed record SweepProperty(string Name, string? Type, string? ItemType);
