namespace MailTracker.Recipients;

/// <summary>One recipient to create: the email identifies it within the mail tracking.</summary>
[GenerateSerializer, Immutable, Alias("mt.RecipientSpec")]
public sealed record RecipientSpec([property: Id(0)] string Email, [property: Id(1)] string? Name, [property: Id(2)] string? Subject);
