using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Http;

public static class ValidationExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class, IValidatable =>
        builder.AddEndpointFilter<ValidationFilter<T>>();
}
