using System.Globalization;
using MailTracker.Templates;
using Stubble.Core;
using Stubble.Core.Builders;
using Stubble.Core.Exceptions;
using Stubble.Core.Parser;
using Stubble.Core.Settings;
using Stubble.Core.Tokens;

namespace MailTracker.Grains.Templates;

/// <summary>
/// Templates' <c>{{variable}}</c>s, parsed and rendered by Stubble (mustache). A template holds variables only:
/// <c>{{name}}</c> (HTML-escaped in the HTML), <c>{{{name}}}</c> or <c>{{&amp; name}}</c> (as given), and comments.
/// Sections and partials are refused when a template is saved, so that every variable a template names is one the
/// caller must give, and a variable is a flat name (no dots: a dotted name would be a path into nested data).
/// </summary>
public sealed class TemplateRenderer
{
    private readonly StubbleVisitorRenderer _stubble = new StubbleBuilder().Build();

    // The subject and the text are not HTML: their variables go in as given, whatever the tag.
    private readonly RenderSettings _plain = new() { SkipHtmlEncoding = true, CultureInfo = CultureInfo.InvariantCulture };
    private readonly RenderSettings _html = new() { SkipHtmlEncoding = false, CultureInfo = CultureInfo.InvariantCulture };

    /// <summary>The variables the sources use, each once in order of first use, or <see cref="Outcome.Invalid"/> with a sentence naming the field.</summary>
    public Result<IReadOnlyList<string>> Variables(TemplateContent content)
    {
        var names = new List<string>();
        foreach (var (field, source) in Sources(content))
        {
            if (Collect(field, source, names) is { } problem) return Result<IReadOnlyList<string>>.Fail(Outcome.Invalid, problem);
        }
        return Result<IReadOnlyList<string>>.Ok(names);
    }

    /// <summary>Renders a template whose sources <see cref="Variables"/> accepted, with every variable it uses given.</summary>
    public RenderedTemplate Render(TemplateContent content, IReadOnlyDictionary<string, string> variables)
    {
        // Stubble looks names up in a non-generic IDictionary.
        var view = new Dictionary<string, string>(variables, StringComparer.Ordinal);
        return new RenderedTemplate(
            _stubble.Render(content.Subject, view, _plain),
            content.Html is { } html ? _stubble.Render(html, view, _html) : null,
            content.Text is { } text ? _stubble.Render(text, view, _plain) : null);
    }

    private static IEnumerable<(string Field, string Source)> Sources(TemplateContent content)
    {
        yield return ("subject", content.Subject);
        if (content.Html is { } html) yield return ("html", html);
        if (content.Text is { } text) yield return ("text", text);
    }

    private static string? Collect(string field, string source, List<string> names)
    {
        MustacheTemplate template;
        try
        {
            template = MustacheParser.Parse(source);
        }
        catch (StubbleException e)
        {
            return $"{field} is not a valid template: {e.Message}";
        }
        foreach (var token in template.Children)
        {
            switch (token)
            {
                case InterpolationToken variable:
                    var name = variable.Content.ToString().Trim();
                    if (name.Length == 0) return $"{field} has an empty {{{{ }}}} tag: name the variable, as in {{{{user_name}}}}.";
                    if (name.Contains('.', StringComparison.Ordinal)) return $"{field}: the variable '{name}' may not contain a dot; use a flat name such as {{{{user_name}}}}.";
                    if (!names.Contains(name, StringComparer.Ordinal)) names.Add(name);
                    break;
                case SectionToken or InvertedSectionToken:
                    return $"{field} has a section ({{{{#…}}}} or {{{{^…}}}}); templates take only {{{{variable}}}}s.";
                case PartialToken:
                    return $"{field} has a partial ({{{{>…}}}}); templates take only {{{{variable}}}}s.";
            }
        }
        return null;
    }
}
