using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailTracker.Api.Pages;

/// <summary>Renders the pages' Razor components to HTML on the server (static rendering: no circuit, no page state).</summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<IResult> RenderAsync<TComponent>(int status, IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
