using System.Text.Json.Nodes;

namespace MailTracker.Api.Docs;

/// <summary>How the document describes one error status: its meaning, and the code and message of its example envelope.</summary>
public sealed record ErrorAnnotation(string Description, string Code, string Msg)
{
    /// <summary>The error envelope an answer of <paramref name="status"/> carries, as an example.</summary>
    public JsonNode Example(int status) =>
        new JsonObject { ["success"] = false, ["msg"] = Msg, ["error"] = new JsonObject { ["code"] = Code, ["status"] = status } };
}
