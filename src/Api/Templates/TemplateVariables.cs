using System.Text.Json;

namespace MailTracker.Api.Templates;

/// <summary>
/// A request's <c>variables</c> object, read into what a template renders with (also for sending with a template):
/// strings as they are, numbers as written, booleans as <c>true</c>/<c>false</c>; a null value counts as not given.
/// </summary>
public static class TemplateVariables
{
    public const int MaxVariables = 1000;

    /// <summary>What is wrong with the field's shape (a 400), null when it is absent, null or an object of at most <see cref="MaxVariables"/> names.</summary>
    public static string? ShapeProblem(JsonElement variables, string field = "variables") => variables.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.Object when variables.EnumerateObject().Count() > MaxVariables => $"{field} may hold at most {MaxVariables} variables.",
        JsonValueKind.Object => null,
        _ => $"{field} must be an object of variable names to values, as in {{\"user_name\": \"Ada\"}}.",
    };

    /// <summary>The values, or the sentence of a 422 <c>invalid_variables</c> naming each value that is no string, number or boolean.</summary>
    public static (IReadOnlyDictionary<string, string>? Values, string? Problem) Read(JsonElement variables, string field = "variables")
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (variables.ValueKind != JsonValueKind.Object) return (values, null);
        var invalid = new List<string>();
        foreach (var variable in variables.EnumerateObject())
        {
            switch (variable.Value.ValueKind)
            {
                case JsonValueKind.String:
                    values[variable.Name] = variable.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    values[variable.Name] = variable.Value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    values.Remove(variable.Name);
                    break;
                default:
                    invalid.Add(variable.Name);
                    break;
            }
        }
        return invalid.Count == 0
            ? (values, null)
            : (null, $"{field} must be strings, numbers or booleans; these are not: {string.Join(", ", invalid)}.");
    }

    /// <summary>The sentence of a 422 <c>invalid_variables</c> for variables a template uses and was not given.</summary>
    public static string Missing(IReadOnlyList<string> names) =>
        $"The template's variables are missing: {string.Join(", ", names)}. Give each in variables.";
}
