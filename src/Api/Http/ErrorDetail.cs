namespace MailTracker.Api.Http;

public sealed record ErrorDetail(string Code, int Status);
