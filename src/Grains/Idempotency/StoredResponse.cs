namespace MailTracker.Grains.Idempotency;

/// <summary>A first response as it is answered again: its status, the headers that describe it (content type, location) and its body.</summary>
public sealed record StoredResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body);
