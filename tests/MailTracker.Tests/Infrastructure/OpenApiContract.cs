using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// The OpenAPI document of a host, parsed once: which operation a request is (path template and method), which
/// statuses it documents, and whether a JSON body fits the schema of a status (JsonSchema.Net, $refs resolved
/// against the document's components).
/// </summary>
public sealed partial class OpenApiContract
{
    private static readonly Uri ComponentsUri = new("https://mailtracker.test/openapi/components");

    private readonly List<(string Method, Regex Path, string Template, JsonObject Operation)> _operations = [];
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();
    private readonly EvaluationOptions _options = new() { OutputFormat = OutputFormat.List };

    public OpenApiContract(JsonObject document)
    {
        Document = document;
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            var pattern = new Regex("^" + Placeholder().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant);
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is JsonObject op && op.ContainsKey("responses")) _operations.Add((method.ToUpperInvariant(), pattern, template, op));
            }
        }
        // The components as one JSON schema: "#/components/schemas/X" becomes "<ComponentsUri>#/$defs/X".
        var defs = Rewrite(document["components"]?["schemas"] ?? new JsonObject());
        _options.SchemaRegistry.Register(JsonSchema.FromText(new JsonObject { ["$id"] = ComponentsUri.ToString(), ["$defs"] = defs }.ToJsonString()));
    }

    public JsonObject Document { get; }

    /// <summary>Every documented operation: method, path template and the operation object.</summary>
    public IEnumerable<(string Method, string Template, JsonObject Operation)> Operations => _operations.Select(o => (o.Method, o.Template, o.Operation));

    /// <summary>The documented operation of a request, or null (a hit endpoint, a page, an unknown route).</summary>
    public (string Template, JsonObject Operation)? Find(string method, string path)
    {
        // A literal segment beats a placeholder: /recipients.csv is not /recipients/{id}.
        var found = _operations.Where(o => o.Method == method && o.Path.IsMatch(path)).OrderBy(o => o.Template.Count(c => c == '{')).FirstOrDefault();
        return found.Operation is null ? null : (found.Template, found.Operation);
    }

    /// <summary>The problems of a JSON body against the schema documented for its status and media type; empty when it fits.</summary>
    public IReadOnlyList<string> Problems(JsonObject operation, string status, string mediaType, JsonNode? body)
    {
        var response = operation["responses"]![status];
        if (response?["content"]?[mediaType]?["schema"] is not { } schemaNode) return [];
        var schema = _schemas.GetOrAdd(schemaNode.ToJsonString(), text => JsonSchema.FromText(Rewrite(JsonNode.Parse(text)!).ToJsonString()));
        var results = schema.Evaluate(body, _options);
        if (results.IsValid) return [];
        return [.. (results.Details.Count > 0 ? results.Details : [results])
            .Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))];
    }

    private static JsonNode Rewrite(JsonNode node) =>
        JsonNode.Parse(node.ToJsonString().Replace("\"#/components/schemas/", $"\"{ComponentsUri}#/$defs/", StringComparison.Ordinal))!;

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
