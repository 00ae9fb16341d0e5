using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailTracker.Api.Http;

/// <summary>PastePixel's success envelope: <c>{"success": true, "msg": …}</c>.</summary>
public sealed record Envelope<T>(bool Success, T Msg);

public static class Envelope
{
    public static Envelope<T> Of<T>(T msg) => new(true, msg);

    public static Ok<Envelope<T>> Ok<T>(T msg) => TypedResults.Ok(Of(msg));

    public static Created<Envelope<T>> Created<T>(string location, T msg) => TypedResults.Created(location, Of(msg));

    public static JsonHttpResult<ErrorEnvelope> Error(int status, string code, string message) =>
        TypedResults.Json(new ErrorEnvelope(false, message, new ErrorDetail(code, status)), statusCode: status);

    public static JsonHttpResult<ErrorEnvelope> Validation(string message) =>
        Error(StatusCodes.Status400BadRequest, ErrorCodes.Validation, message);

    public static JsonHttpResult<ErrorEnvelope> NotFound(string what) =>
        Error(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    /// <summary>A plan quota is used up (403 <c>limit_exceeded</c>); the message names the quota and the plan.</summary>
    public static JsonHttpResult<ErrorEnvelope> LimitExceeded(string message) =>
        Error(StatusCodes.Status403Forbidden, ErrorCodes.LimitExceeded, message);

    public static JsonHttpResult<ErrorEnvelope> Unauthorized(string message) =>
        Error(StatusCodes.Status401Unauthorized, ErrorCodes.Authentication, message);
}
