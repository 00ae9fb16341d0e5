namespace MailTracker.Api.Keys;

public sealed record ApiKeyResponse(long Id, string Name, string Environment, string Created, string Prefix);
