namespace MailTracker.Recipients;

/// <summary>A recipient as created (or found again: the same email keeps its token).</summary>
[GenerateSerializer, Immutable, Alias("mt.CreatedRecipient")]
public sealed record CreatedRecipient(
    [property: Id(0)] long Id,
    [property: Id(1)] string Token,
    [property: Id(2)] string Email,
    [property: Id(3)] string? Name,
    [property: Id(4)] string? Subject,
    [property: Id(5)] DateTimeOffset Created);
