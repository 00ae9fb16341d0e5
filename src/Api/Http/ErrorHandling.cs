using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace MailTracker.Api.Http;

/// <summary>
/// The one place where exceptions and bare status codes become the error envelope, so that no client
/// ever sees a 500 for bad input or an empty 404/405.
/// </summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseErrorEnvelope(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteExceptionAsync, SuppressDiagnosticsCallback = _ => true });
        app.UseStatusCodePages(context => WriteStatusAsync(context.HttpContext));
        return app;
    }

    private static async Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, code, message) = Map(exception, context.Request);
        if (status >= 500)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MailTracker.Errors")
                .LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "2";
        if (exception is RateLimitExceededException limited) context.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await Envelope.Error(status, code, message).ExecuteAsync(context);
    }

    private static (int Status, string Code, string Message) Map(Exception? exception, HttpRequest request) => exception switch
    {
        RateLimitExceededException limited => (429, ErrorCodes.RateLimitExceeded, limited.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, ErrorCodes.PayloadTooLarge, "The request body is too large."),
        BadHttpRequestException { InnerException: JsonException json } =>
            (400, ErrorCodes.Validation, $"The request body is not valid JSON for this endpoint: {json.Message}"),
        BadHttpRequestException bad => (bad.StatusCode, ErrorCodes.Validation, bad.Message),
        JsonException json => (400, ErrorCodes.Validation, $"The request body is not valid JSON: {json.Message}"),
        // A form or multipart body that does not parse (no boundary, a part that never ends, headers that never end).
        InvalidDataException data => (400, ErrorCodes.Validation, $"The request body is not a well-formed form: {data.Message}"),
        // Every endpoint that reads a form (pixel upload, the sign-in pages): a body that ends inside a part is the client's mistake.
        IOException io when request.HasFormContentType => (400, ErrorCodes.Validation, $"The form body cannot be read: {io.Message}"),
        // The framework's JSON reader has no encoding for the charset the client named (application/json; charset=nonsense).
        InvalidOperationException when UnknownCharset(request) is { } charset =>
            (415, ErrorCodes.Validation, $"The request body's charset '{charset}' is not one this API reads; send UTF-8 JSON."),
        // A silo that just died: calls to its grains fail until the cluster has moved them (seconds).
        TimeoutException or OperationCanceledException or Orleans.Runtime.OrleansException =>
            (503, ErrorCodes.Internal, "The service is briefly unavailable; please retry."),
        _ => (500, ErrorCodes.Internal, "An unexpected error occurred."),
    };

    /// <summary>The charset of the request's Content-Type when no encoding of that name exists, else null.</summary>
    private static string? UnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.Charset is not { Length: > 0 } charset) return null;
        try
        {
            _ = Encoding.GetEncoding(charset.ToString());
            return null;
        }
        catch (ArgumentException)
        {
            return charset.ToString();
        }
    }

    private static Task WriteStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (code, message) = status switch
        {
            404 => (ErrorCodes.NotFound, "No such endpoint."),
            405 => (ErrorCodes.Validation, $"Method {context.Request.Method} is not allowed here."),
            401 => (ErrorCodes.Authentication, "Authentication is required."),
            403 => (ErrorCodes.Authentication, "This is not allowed with these credentials."),
            413 => (ErrorCodes.PayloadTooLarge, "The request body is too large."),
            // Routing answers 415 before the endpoint is known, so the message names both kinds of body.
            415 => (ErrorCodes.Validation, "The request body's content type is not accepted here: JSON bodies must be application/json, a pixel's image multipart/form-data."),
            _ when status >= 500 => (ErrorCodes.Internal, "An unexpected error occurred."),
            _ => (ErrorCodes.Validation, "The request could not be processed."),
        };
        return Envelope.Error(status, code, message).ExecuteAsync(context);
    }
}
