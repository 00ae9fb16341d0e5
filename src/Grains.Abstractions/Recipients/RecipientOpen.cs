namespace MailTracker.Recipients;

/// <summary>One open of a recipient, as MailSignal's track shows it (what the privacy settings kept).</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientOpen")]
public sealed record RecipientOpen(
    [property: Id(0)] DateTimeOffset? Date,
    [property: Id(1)] string? UserAgent,
    [property: Id(2)] bool Bot,
    [property: Id(3)] string? IpAddress)
{
    [Id(4)]
    public string? BotReason { get; init; }

    [Id(5)]
    public string? Proxy { get; init; }
}
