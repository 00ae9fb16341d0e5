using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Http;

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
