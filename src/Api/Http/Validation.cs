using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Http;

/// <summary>A request body that can say what is wrong with it (null when nothing is).</summary>
public interface IValidatable
{
    string? Validate();
}

/// <summary>Runs <see cref="IValidatable.Validate"/> on the endpoint's body argument and answers 400 with the envelope.</summary>
public sealed class ValidationFilter<T> : IEndpointFilter where T : class, IValidatable
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var body = context.Arguments.OfType<T>().FirstOrDefault();
        if (body is null) return Envelope.Validation("A JSON request body is required.");
        if (body.Validate() is { } problem) return Envelope.Validation(problem);
        return await next(context);
    }
}

/// <summary>Refuses bodies over a size before they are read (JSON endpoints take at most 1 MB).</summary>
public sealed class BodySizeFilter(long maxBytes) : IEndpointFilter
{
    public const long JsonMax = 1024 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.ContentLength > maxBytes)
        {
            return Envelope.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The request body is larger than {maxBytes / 1024} KiB.");
        }
        return await next(context);
    }
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class, IValidatable =>
        builder.AddEndpointFilter<ValidationFilter<T>>();
}
