using System.Text.Json;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>The sweep's junk, read from malformed-values.json (its sources are named there).</summary>
public sealed record MalformedValues(
    int LongLength,
    int NestingDepth,
    int HugeBodyBytes,
    IReadOnlyList<string> PathSegments,
    IReadOnlyList<string> QueryValues,
    IReadOnlyDictionary<string, IReadOnlyList<string>> HeaderValues,
    IReadOnlyList<string> QueryKeys,
    IReadOnlyList<string?> ContentTypes,
    IReadOnlyList<string> JsonDocuments,
    IReadOnlyList<string> WrongTypedValues,
    IReadOnlyDictionary<string, string> SampleStrings)
{
    public static MalformedValues Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Api", "Sweep", "malformed-values.json");
        return JsonSerializer.Deserialize<MalformedValues>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException(path + " is empty");
    }

    /// <summary>A sample string for a property: the first entry whose name the property's name contains ("" matches every name).</summary>
    public string SampleFor(string property) =>
        SampleStrings.Where(s => s.Key.Length > 0 && property.Contains(s.Key, StringComparison.OrdinalIgnoreCase)).Select(s => s.Value).FirstOrDefault()
        ?? SampleStrings[""];
}
