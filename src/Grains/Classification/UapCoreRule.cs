using System.Text.RegularExpressions;

namespace MailTracker.Grains.Classification;

/// <summary>
/// One compiled uap-core regex with its replacements. uap-core's specification: a replacement's <c>$1</c>..<c>$9</c> take the
/// match's groups (an absent group is empty), the result is trimmed, and an empty result counts as none; without a
/// replacement a field is the given group of the match.
/// </summary>
public sealed partial class UapCoreRule(Regex regex, string? familyReplacement, string? brandReplacement = null, string? modelReplacement = null)
{
    public Match Match(string agent) => regex.Match(agent);

    public string? Family(Match match) => Field(match, familyReplacement, group: 1);

    public string? Brand(Match match) => brandReplacement is null ? null : Field(match, brandReplacement, group: 0);

    public string? Model(Match match) => Field(match, modelReplacement, group: 1);

    private static string? Field(Match match, string? replacement, int group)
    {
        string value;
        if (replacement is null)
        {
            if (group == 0 || match.Groups.Count <= group || !match.Groups[group].Success) return null;
            value = match.Groups[group].Value;
        }
        else
        {
            value = Placeholder().Replace(replacement, p =>
            {
                var index = p.Value[1] - '0';
                return index < match.Groups.Count && match.Groups[index].Success ? match.Groups[index].Value : "";
            });
        }
        value = value.Trim();
        return value.Length == 0 ? null : value;
    }

    [GeneratedRegex(@"\$[1-9]")]
    private static partial Regex Placeholder();
}
