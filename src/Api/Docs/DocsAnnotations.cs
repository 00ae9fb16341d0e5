using System.Text.Json;
using System.Text.Json.Nodes;

namespace MailTracker.Api.Docs;

/// <summary>
/// What the OpenAPI document cannot learn from the code (Data/openapi-annotations.json): tag descriptions, the error
/// answers' wording and example envelopes, and per operation a description and examples taken from the seeds.
/// </summary>
public sealed class DocsAnnotations
{
    private const string Resource = "docs/openapi-annotations.json";

    private DocsAnnotations(JsonObject root)
    {
        Tags = root["tags"]!.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<string>());
        Errors = root["errors"]!.AsObject().ToDictionary(
            e => int.Parse(e.Key, System.Globalization.CultureInfo.InvariantCulture),
            e => new ErrorAnnotation(e.Value!["description"]!.GetValue<string>(), e.Value["code"]!.GetValue<string>(), e.Value["msg"]!.GetValue<string>()));
        Operations = root["operations"]!.AsObject().ToDictionary(
            o => o.Key,
            o => new OperationAnnotation(o.Value!["description"]?.GetValue<string>(), o.Value["request"]?.DeepClone(), o.Value["response"]?.DeepClone()));
    }

    public IReadOnlyDictionary<string, string> Tags { get; }

    public IReadOnlyDictionary<int, ErrorAnnotation> Errors { get; }

    public IReadOnlyDictionary<string, OperationAnnotation> Operations { get; }

    public static DocsAnnotations Load()
    {
        using var stream = typeof(DocsAnnotations).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        return new DocsAnnotations(JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject());
    }
}
