using System.Globalization;
using MailTracker.Api.Http;
using MailTracker.Api.Templates;
using MailTracker.Grains.Messages;
using MailTracker.Templates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailTracker.Api.Messages;

/// <summary>
/// A message's content: with <c>template_id</c>, the template rendered with the message's variables (the render endpoint's
/// 404 and 422 answers), where a subject, html or text of the request wins over the template's.
/// </summary>
public static class EmailTemplateContent
{
    private const string UnsubscribeVariable = "unsubscribe_url";

    public static async Task<(EmailContent? Content, JsonHttpResult<ErrorEnvelope>? Problem)> ResolveAsync(SendEmailRequest request, long accountId, IGrainFactory grains)
    {
        if (request.TemplateId is not { } templateId) return (new EmailContent(request.Subject!.Trim(), request.Html, request.Text, null, null), null);
        if (!long.TryParse(templateId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0) return (null, TemplateEndpoints.NotFound());
        var template = grains.GetGrain<ITemplateGrain>(id);
        var (values, invalid) = TemplateVariables.Read(request.Variables ?? default);
        if (values is null) return (null, await template.GetAsync(accountId) is null ? TemplateEndpoints.NotFound() : TemplateEndpoints.InvalidVariables(invalid!));
        // The unsubscribe link of a template is the sender's to fill in per recipient, not a variable the caller gives.
        var rendered = await template.RenderAsync(accountId, new Dictionary<string, string>(values) { [UnsubscribeVariable] = EmailLinks.UnsubscribePlaceholder });
        switch (rendered)
        {
            case null:
                return (null, TemplateEndpoints.NotFound());
            case { Rendered: null, Problem: { } problem }:
                return (null, TemplateEndpoints.InvalidVariables(problem));
            case { Rendered: null }:
                return (null, TemplateEndpoints.InvalidVariables(TemplateVariables.Missing(rendered.MissingVariables)));
        }
        var r = rendered.Rendered!;
        var subject = (request.Subject ?? r.Subject).Trim();
        if (subject.Length is 0 or > SendEmailRequest.MaxSubjectLength)
        {
            return (null, TemplateEndpoints.InvalidVariables($"The template's subject renders {(subject.Length == 0 ? "empty" : $"longer than {SendEmailRequest.MaxSubjectLength} characters")} with these variables; give subject or other variables."));
        }
        return (new EmailContent(subject, request.Html ?? r.Html, request.Text ?? r.Text, id.ToString(CultureInfo.InvariantCulture), values), null);
    }
}
