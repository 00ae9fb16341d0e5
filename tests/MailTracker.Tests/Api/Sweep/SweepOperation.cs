using System.Text.Json;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>One operation of the OpenAPI document, as much of it as the sweep needs to aim its junk.</summary>
public sealed record SweepOperation(
    string Method,
    string Template,
    IReadOnlyList<SweepParameter> Parameters,
    IReadOnlyList<string> BodyContentTypes,
    IReadOnlyList<SweepProperty> BodyProperties)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    /// <summary>Takes a body: documented with one, or a method that carries one.</summary>
    public bool TakesBody => BodyContentTypes.Count > 0 || Method is "POST" or "PUT" or "PATCH";

    public bool TakesMultipart => BodyContentTypes.Any(t => t.StartsWith("multipart/", StringComparison.Ordinal));

    public bool IsAdmin => Template.StartsWith("/admin/", StringComparison.Ordinal);

    /// <summary>Every operation of every path of the document.</summary>
    public static IReadOnlyList<SweepOperation> ReadAll(JsonElement document)
    {
        var components = document.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<SweepOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var p) ? ReadParameters(p, document) : [];
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var parameters = shared.Concat(operation.Value.TryGetProperty("parameters", out var own) ? ReadParameters(own, document) : []).ToList();
                var contentTypes = new List<string>();
                var properties = new List<SweepProperty>();
                if (operation.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                    {
                        contentTypes.Add(media.Name);
                        if (media.Value.TryGetProperty("schema", out var schema)) Collect(schema, components, properties, depth: 0);
                    }
                }
                operations.Add(new SweepOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, contentTypes,
                    properties.DistinctBy(x => x.Name).ToList()));
            }
        }
        return operations;
    }

    private static List<SweepParameter> ReadParameters(JsonElement parameters, JsonElement document) => parameters.EnumerateArray()
        .Select(p => ResolveParameter(p, document))
        .Select(p => new SweepParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
            p.TryGetProperty("schema", out var schema) ? TypeOf(schema) : null))
        .ToList();

    /// <summary>A parameter itself, or the one its <c>$ref</c> names in <c>components/parameters</c> (e.g. Idempotency-Key).</summary>
    private static JsonElement ResolveParameter(JsonElement parameter, JsonElement document) =>
        parameter.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("parameters").GetProperty(reference.GetString()!["#/components/parameters/".Length..])
            : parameter;

    /// <summary>The properties of an object schema, through <c>$ref</c>, <c>oneOf</c>, <c>anyOf</c> and <c>allOf</c>.</summary>
    private static void Collect(JsonElement schema, JsonElement components, List<SweepProperty> properties, int depth)
    {
        if (depth > 8) return;
        schema = Resolve(schema, components);
        if (schema.ValueKind != JsonValueKind.Object) return;
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var candidates))
            {
                foreach (var candidate in candidates.EnumerateArray()) Collect(candidate, components, properties, depth + 1);
            }
        }
        if (!schema.TryGetProperty("properties", out var declared)) return;
        foreach (var property in declared.EnumerateObject())
        {
            var resolved = Resolve(property.Value, components);
            var items = resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("items", out var i) ? Resolve(i, components) : default;
            var itemProperties = new List<SweepProperty>();
            if (items.ValueKind == JsonValueKind.Object) Collect(items, components, itemProperties, depth + 1);
            properties.Add(new SweepProperty(property.Name, TypeOf(resolved), TypeOf(items), itemProperties.DistinctBy(x => x.Name).ToList()));
        }
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement components)
    {
        for (var hops = 0; hops < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (components.ValueKind != JsonValueKind.Object || !components.TryGetProperty(name, out schema)) return default;
        }
        return schema;
    }

    private static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object) return null;
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
                : type.GetString();
        }
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var candidates))
            {
                return candidates.EnumerateArray().Select(TypeOf).FirstOrDefault(t => t is not null and not "null");
            }
        }
        return schema.TryGetProperty("properties", out _) ? "object" : null;
    }
}
