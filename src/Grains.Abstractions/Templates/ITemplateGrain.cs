namespace MailTracker.Templates;

/// <summary>
/// An email template (TrackPost): a name and <c>{{variable}}</c> mustache sources for the subject, the HTML and the text.
/// Every call names the caller's account; another account's template answers as a missing one.
/// </summary>
[Alias("mt.ITemplateGrain")]
public interface ITemplateGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the template once (a repeat returns it); <see cref="Outcome.Invalid"/>, naming the field, when a source does not parse.</summary>
    [Alias("Create")]
    Task<Result<TemplateInfo>> CreateAsync(long accountId, TemplateContent content);

    /// <summary>Null when the template does not exist or is another account's.</summary>
    [Alias("Get")]
    Task<TemplateInfo?> GetAsync(long accountId);

    /// <summary><see cref="Outcome.NotFound"/> for a missing or foreign template, <see cref="Outcome.Invalid"/> when a new source does not parse.</summary>
    [Alias("Update")]
    Task<Result<TemplateInfo>> UpdateAsync(long accountId, TemplateUpdate update);

    /// <summary>Deletes the template and takes it off its account's list; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(long accountId);

    /// <summary>
    /// Renders the template with <paramref name="variables"/>: HTML-escaped in the HTML, as given in the subject and the text.
    /// Null when the template does not exist or is another account's; when a variable the template uses is not given, nothing
    /// is rendered and <see cref="TemplateRendering.MissingVariables"/> names each one; when a rendered field would be longer
    /// than its limit (a subject 10,000 characters, a body 1,000,000), nothing is rendered and <see cref="TemplateRendering.Problem"/> says so.
    /// </summary>
    [Alias("Render")]
    Task<TemplateRendering?> RenderAsync(long accountId, IReadOnlyDictionary<string, string> variables);
}
