using System.Net;
using System.Text.Json;

namespace MailTracker.Grains.Classification;

/// <summary>
/// The rules the classifier judges by: the operator's (<see cref="ClassificationOptions.RulesFile"/>) first, then the shipped
/// ones (<c>Data/classification-rules.json</c>, with their public sources), and the timing thresholds. Read once at start-up;
/// a file that cannot be read or a rule that does not make sense stops the start with the file and the rule named.
/// </summary>
public sealed class ClassificationRules
{
    private const string ShippedRules = "MailTracker.Classification.classification-rules.json";
    private const string AppleEgressList = "apple-private-relay-egress";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private ClassificationRules(string version, TimeSpan openTooSoon, TimeSpan clickTooSoon, IReadOnlyList<VerdictRule> rules)
    {
        Version = version;
        OpenTooSoon = openTooSoon;
        ClickTooSoon = clickTooSoon;
        Rules = rules;
    }

    /// <summary>The shipped rules' version, followed by <c>+</c> and the operator's when there are operator rules.</summary>
    public string Version { get; }

    public TimeSpan OpenTooSoon { get; }

    public TimeSpan ClickTooSoon { get; }

    public IReadOnlyList<VerdictRule> Rules { get; }

    public static ClassificationRules Load(ClassificationOptions options)
    {
        var shipped = Parse(Resource(ShippedRules), "the shipped classification rules");
        RulesDocument? own = null;
        string? ownDirectory = null;
        if (!string.IsNullOrWhiteSpace(options.RulesFile))
        {
            var path = Path.GetFullPath(options.RulesFile);
            own = Parse(ReadFile(path, "MailTracker__Classification__RulesFile"), path);
            if (string.IsNullOrWhiteSpace(VersionOf(own))) throw new InvalidDataException($"{path}: \"version\" is required, so that stored verdicts say which rules judged them.");
            ownDirectory = Path.GetDirectoryName(path);
        }

        var lists = new Dictionary<string, Func<string>>(StringComparer.Ordinal);
        foreach (var (name, list) in shipped.AddressLists ?? [])
        {
            var file = list.File ?? throw new InvalidDataException($"Address list \"{name}\": file is required.");
            lists[name] = () => Resource("MailTracker.Classification." + file);
        }
        foreach (var (name, list) in own?.AddressLists ?? [])
        {
            var file = Path.GetFullPath(list.File ?? throw new InvalidDataException($"Address list \"{name}\": file is required."), ownDirectory!);
            lists[name] = () => ReadFile(file, $"address list \"{name}\"");
        }
        if (!string.IsNullOrWhiteSpace(options.AppleEgressFile))
        {
            var file = Path.GetFullPath(options.AppleEgressFile);
            lists[AppleEgressList] = () => ReadFile(file, "MailTracker__Classification__AppleEgressFile");
        }

        var loaded = new Dictionary<string, AddressRangeSet>(StringComparer.Ordinal);
        AddressRangeSet List(string name) =>
            loaded.TryGetValue(name, out var set) ? set
            : lists.TryGetValue(name, out var read) ? loaded[name] = ParseList(name, read())
            : throw new InvalidDataException($"Address list \"{name}\" is not defined in addressLists.");

        var rules = (own?.Rules ?? []).Concat(shipped.Rules ?? []).Select(r => new VerdictRule(r, List)).ToList();
        var duplicate = rules.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"Classification rule \"{duplicate.Key}\" is defined twice.");

        var version = Required(VersionOf(shipped), "the shipped classification rules") + (own is null ? "" : "+" + VersionOf(own));
        var timing = own?.Timing ?? shipped.Timing;
        return new ClassificationRules(version,
            Seconds(timing?.OpenTooSoonSeconds ?? shipped.Timing?.OpenTooSoonSeconds),
            Seconds(timing?.ClickTooSoonSeconds ?? shipped.Timing?.ClickTooSoonSeconds),
            rules);
    }

    /// <summary>A CSV whose first column is an address or CIDR range; blank lines and lines starting with # are skipped.</summary>
    private static AddressRangeSet ParseList(string name, string text)
    {
        var networks = new List<IPNetwork>();
        var number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            var entry = line.Trim();
            if (entry.IsEmpty || entry[0] == '#') continue;
            var comma = entry.IndexOf(',');
            var first = (comma < 0 ? entry : entry[..comma]).ToString();
            if (!IpNetworks.TryParse(first, out var network)) throw new InvalidDataException($"Address list \"{name}\", line {number}: \"{first}\" is not an address or CIDR range.");
            networks.Add(network);
        }
        return AddressRangeSet.Of(networks);
    }

    private static string? VersionOf(RulesDocument document) => document.Version switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };

    private static TimeSpan Seconds(double? seconds) => seconds is { } s and >= 0 ? TimeSpan.FromSeconds(s) : TimeSpan.Zero;

    private static string Required(string? value, string where) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"{where}: \"version\" is required.") : value;

    private static RulesDocument Parse(string text, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<RulesDocument>(text, Json) ?? throw new InvalidDataException($"{where}: the file is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not a classification rules file ({e.Message})", e);
        }
    }

    private static string ReadFile(string path, string setting)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{setting}: cannot read {path} ({e.Message})", e);
        }
    }

    private static string Resource(string name)
    {
        using var stream = typeof(ClassificationRules).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The build did not embed {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
