namespace MailTracker.Api.Http;

/// <summary>The error envelope: <c>{"success": false, "msg": …, "error": {"code": …, "status": …}}</c>, msg a sentence for people, code one of <see cref="ErrorCodes"/>.</summary>
public sealed record ErrorEnvelope(bool Success, string Msg, ErrorDetail Error);
