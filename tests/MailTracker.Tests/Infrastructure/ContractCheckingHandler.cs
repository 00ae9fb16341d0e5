using System.Text.Json;
using System.Text.Json.Nodes;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// Checks every answer of a documented operation against the OpenAPI document: its status must be documented, and a
/// JSON body must fit that status's schema. A mismatch throws, so that every API test is also a check of the document.
/// </summary>
public sealed class ContractCheckingHandler(Func<Task<OpenApiContract>> contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/api/v1/", StringComparison.Ordinal) && !path.StartsWith("/admin/v1/", StringComparison.Ordinal)) return response;
        if ((await contract()).Find(request.Method.Method, path) is not { } found) return response;
        await CheckAsync(await contract(), request, response, found.Template, found.Operation, cancellationToken);
        return response;
    }

    /// <summary>Throws when the answer is not what the document says.</summary>
    public static async Task CheckAsync(OpenApiContract contract, HttpRequestMessage request, HttpResponseMessage response, string template, JsonObject operation, CancellationToken cancellationToken)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var what = $"{request.Method} {request.RequestUri!.PathAndQuery} ({operation["operationId"]}, {template}) answered {status}";
        if (operation["responses"]![status] is null)
        {
            var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
            throw new OpenApiContractException($"{what}, a status the OpenAPI document does not give for it: {Shorten(body)}");
        }
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (mediaType != "application/json" || request.Method == HttpMethod.Head) return;
        await response.Content!.LoadIntoBufferAsync(cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new OpenApiContractException($"{what} with a body that is not JSON ({e.Message}): {Shorten(text)}");
        }
        var problems = contract.Problems(operation, status, mediaType, node);
        if (problems.Count > 0)
        {
            throw new OpenApiContractException($"{what} with a body that does not fit the document's schema:\n  {string.Join("\n  ", problems.Take(10))}\nbody: {Shorten(text)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
