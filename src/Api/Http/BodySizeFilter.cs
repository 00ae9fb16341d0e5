using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Http;

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
