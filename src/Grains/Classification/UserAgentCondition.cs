namespace MailTracker.Grains.Classification;

/// <summary>What a rule asks of the user agent: none (<see cref="Empty"/>), exactly <see cref="EqualsText"/>, or a pattern.</summary>
public sealed record UserAgentCondition(bool? Empty, [property: System.Text.Json.Serialization.JsonPropertyName("equals")] string? EqualsText, string? Pattern);
