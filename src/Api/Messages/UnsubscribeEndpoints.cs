using MailTracker.Api.Pages;
using MailTracker.Api.Pages.Components;
using MailTracker.Recipients;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailTracker.Api.Messages;

/// <summary>
/// The <c>List-Unsubscribe</c> URL of every sent message (RFC 8058). A POST (the mail provider's one click, or the page's
/// button) unsubscribes the recipient the way <c>POST /api/v1/recipients/{id}/unsubscribed</c> does: its state, the
/// recipients feeds and <c>recipient.unsubscribed</c> webhooks. A GET changes nothing: link scanners follow GETs.
/// </summary>
public static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapUnsubscribePages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/unsubscribe/{token}", ShowAsync).ExcludeFromDescription();
        routes.MapPost("/unsubscribe/{token}", UnsubscribeAsync).ExcludeFromDescription().DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> ShowAsync(string token, IGrainFactory grains, PageRenderer renderer) =>
        await FactsAsync(token, grains) is null ? await NotFoundAsync(renderer) : await PageAsync(renderer, token, done: false);

    private static async Task<IResult> UnsubscribeAsync(string token, IGrainFactory grains, PageRenderer renderer)
    {
        if (await FactsAsync(token, grains) is not { } facts) return await NotFoundAsync(renderer);
        await grains.GetGrain<IRecipientGrain>(token).RecordAsync(facts.AccountId, RecipientEvent.Unsubscribed);
        return await PageAsync(renderer, token, done: true);
    }

    private static async Task<RecipientFacts?> FactsAsync(string token, IGrainFactory grains) =>
        GrainKeys.IsSafeStringKey(token) && token.Length <= 64 ? await grains.GetGrain<IRecipientGrain>(token).GetFactsAsync() : null;

    private static Task<IResult> PageAsync(PageRenderer renderer, string token, bool done) =>
        renderer.RenderAsync<UnsubscribePage>(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            [nameof(UnsubscribePage.Action)] = $"/unsubscribe/{token}",
            [nameof(UnsubscribePage.Done)] = done,
        });

    private static Task<IResult> NotFoundAsync(PageRenderer renderer) =>
        renderer.RenderAsync<MessagePage>(StatusCodes.Status404NotFound, new Dictionary<string, object?>
        {
            [nameof(MessagePage.Heading)] = "Not found",
            [nameof(MessagePage.Message)] = "This unsubscribe link is not known (the message or its recipient may have been deleted).",
        });
}
