using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Api.RateLimits;

public static class ApiRateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services) => services.AddSingleton<ApiRateLimiter>();

    /// <summary>After authentication, before authorization: a refused request does no work.</summary>
    public static IApplicationBuilder UseApiRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
