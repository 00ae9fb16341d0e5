using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// A strict reader of the Prometheus text format (0.0.4): every line is a comment (<c># HELP</c>, <c># TYPE</c>, …),
/// empty, or a sample of a family a <c># TYPE</c> line declared before it; anything else fails the test.
/// </summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string body)
    {
        var families = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var number = 0;
        foreach (var line in body.Split('\n'))
        {
            number++;
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                if (TypeLine().Match(line) is { Success: true } type) families.Add(type.Groups["name"].Value);
                else if (!HelpLine().IsMatch(line) && !line.StartsWith("# EOF", StringComparison.Ordinal)) Assert.Fail($"Line {number} is a malformed comment: {line}");
                continue;
            }
            var sample = SampleLine().Match(line);
            if (!sample.Success) Assert.Fail($"Line {number} is not 'name{{labels}} value': {line}");
            var name = sample.Groups["name"].Value;
            if (!families.Any(f => name == f || (name.StartsWith(f, StringComparison.Ordinal) && name[f.Length..] is "_bucket" or "_sum" or "_count" or "_total" or "_created")))
            {
                Assert.Fail($"Line {number}: {name} has no # TYPE line before it");
            }
            samples.Add(new PrometheusSample(name, Labels(sample.Groups["labels"].Value, number), Value(sample.Groups["value"].Value, number)));
        }
        return samples;
    }

    /// <summary>The sum of a family's samples whose labels include every given one.</summary>
    public static double Sum(this IEnumerable<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    private static Dictionary<string, string> Labels(string text, int number)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = 0;
        while (at < text.Length)
        {
            var label = LabelPair().Match(text, at);
            if (!label.Success || label.Index != at) Assert.Fail($"Line {number}: malformed labels {{{text}}}");
            if (!labels.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value))) Assert.Fail($"Line {number}: label {label.Groups["name"].Value} twice");
            at += label.Length;
        }
        return labels;
    }

    private static double Value(string text, int number) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"Line {number}: '{text}' is not a sample value"),
    };

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\') text.Append(value[i]);
            else text.Append(value[++i] switch { 'n' => '\n', var c => c });
        }
        return text.ToString();
    }

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped|unknown)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# (HELP|UNIT) [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( -?[0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\[\\""n]|[^\\""\n])*)"",?")]
    private static partial Regex LabelPair();
}
