namespace MailTracker.Tests.Api.Sweep;

/// <summary>
/// A property of a documented request body: its JSON type (the first that is not null) and, for arrays, its items' type and,
/// for arrays of objects, their properties.
/// </summary>
public sealed record SweepProperty(string Name, string? Type, string? ItemType, IReadOnlyList<SweepProperty> ItemProperties);
