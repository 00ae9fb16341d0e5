using System.Globalization;
using System.Net;
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
    /// <summary>The most characters a rendered subject may have (it is folded into a header line, and no mail client shows more).</summary>
    public const int MaxRenderedSubjectLength = 10_000;

    /// <summary>The most characters a rendered HTML or text body may have: a variable repeated many times cannot make a huge message.</summary>
    public const int MaxRenderedBodyLength = 1_000_000;

    // The encoder is named, not left to Stubble's default, because the size check below measures values with it.
    private static readonly Func<string, string> HtmlEncode = WebUtility.HtmlEncode;

    private readonly StubbleVisitorRenderer _stubble = new StubbleBuilder().Configure(s => s.SetEncodingFunction(HtmlEncode)).Build();

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

    /// <summary>
    /// Renders a template whose sources <see cref="Variables"/> accepted, with every variable it uses given; null, with a
    /// sentence in <paramref name="problem"/>, when a rendered field would be longer than its limit.
    /// </summary>
    public RenderedTemplate? Render(TemplateContent content, IReadOnlyDictionary<string, string> variables, out string? problem)
    {
        // Measured before rendering, so that a tiny template with a large value repeated is refused without being built.
        problem = Sources(content)
            .Select(s => (s.Field, Length: RenderedLength(s.Source, variables, escaped: s.Field == "html"), Max: s.Field == "subject" ? MaxRenderedSubjectLength : MaxRenderedBodyLength))
            .Where(s => s.Length > s.Max)
            .Select(s => $"The rendered {s.Field} would be {s.Length} characters, more than the {s.Max} it may have: the variables are too long.")
            .FirstOrDefault();
        if (problem is not null) return null;
        // Stubble looks names up in a non-generic IDictionary.
        var view = new Dictionary<string, string>(variables, StringComparer.Ordinal);
        return new RenderedTemplate(
            _stubble.Render(content.Subject, view, _plain),
            content.Html is { } html ? _stubble.Render(html, view, _html) : null,
            content.Text is { } text ? _stubble.Render(text, view, _plain) : null);
    }

    /// <summary>At least the rendered length: the whole source (tags included) plus every value where it goes, as encoded there.</summary>
    private static long RenderedLength(string source, IReadOnlyDictionary<string, string> variables, bool escaped)
    {
        long length = source.Length;
        foreach (var token in MustacheParser.Parse(source).Children.OfType<InterpolationToken>())
        {
            var value = variables[NameOf(token)];
            length += escaped && token.EscapeResult ? HtmlEncode(value).Length : value.Length;
        }
        return length;
    }

    private static string NameOf(InterpolationToken token) => token.Content.ToString().Trim();

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
                    var name = NameOf(variable);
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
