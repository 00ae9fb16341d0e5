namespace MailTracker.Api.Keys;

public sealed record IssuedApiKeyResponse(long Id, string Name, string Environment, string Created, string Prefix, string Key);
