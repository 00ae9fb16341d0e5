namespace MailTracker.Tests.Api.Sweep;

/// <summary>A parameter of a documented operation: where it goes (<c>path</c>, <c>query</c>, <c>header</c>) and its JSON type.</summary>
public sealed record SweepParameter(string Name, string In, string? Type);
