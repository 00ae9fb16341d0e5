namespace MailTracker.Grains.Classification;

/// <summary>A named list of ranges kept in a CSV file whose first column is a CIDR (Apple's egress list's shape).</summary>
public sealed record AddressListDocument(string? File, string? Source, string? Note);
