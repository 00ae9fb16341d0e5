using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Api;

/// <summary>
/// The OpenAPI document tells the truth: every operation is named, secured and gives its error answers with the
/// error envelope; its request schemas accept what the API accepts; its examples fit its schemas. (Every answer of
/// the API suites is checked against it as well: <see cref="ContractCheckingHandler"/>.)
/// </summary>
public sealed partial class OpenApiContractTests(EmbeddedApiHost host) : IClassFixture<EmbeddedApiHost>
{
    private static readonly string[] RateLimitHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

    [Fact]
    public async Task The_documented_default_plan_is_the_plan_table_s()
    {
        var contract = await host.ContractAsync();
        var plan = contract.Document["components"]!["schemas"]!["CreateAccountRequest"]!["properties"]!["plan"]!;
        Assert.Equal(MailTracker.Accounts.Plans.Default, plan["default"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_operation_has_a_unique_camel_case_operation_id_a_summary_a_tag_and_security()
    {
        var contract = await host.ContractAsync();
        var ids = new HashSet<string>();
        foreach (var (method, template, operation) in contract.Operations)
        {
            var name = $"{method} {template}";
            var id = operation["operationId"]?.GetValue<string>();
            Assert.True(id is not null && CamelCase().IsMatch(id), $"{name} has no camelCase operationId ({id})");
            Assert.True(ids.Add(id!), $"{name}: operationId {id} is used twice");
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{name} has no summary");
            Assert.True(operation["tags"]?.AsArray().Count > 0, $"{name} has no tag");
            var schemes = operation["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).ToHashSet();
            Assert.Equal(template.StartsWith("/admin/", StringComparison.Ordinal) ? ["adminBearer"] : new HashSet<string> { "apiKey", "bearer" }, schemes);
        }
        Assert.Contains("createMailTracking", ids);
        Assert.Contains("getPixelData", ids);
        Assert.Contains("listAccountRecipients", ids);
        Assert.Contains("streamEvents", ids);
    }

    [Fact]
    public async Task Every_operation_documents_its_error_answers_with_the_envelope_and_the_rate_limit_headers()
    {
        var contract = await host.ContractAsync();
        foreach (var (method, template, operation) in contract.Operations)
        {
            var name = $"{method} {template}";
            var responses = operation["responses"]!.AsObject();
            var expected = new List<string> { "400", "401", "413", "503" };
            var api = template.StartsWith("/api/v1/", StringComparison.Ordinal);
            if (api) expected.Add("429");
            if (api && method == "POST") expected.Add("409");
            if (template.Contains('{', StringComparison.Ordinal)) expected.Add("404");
            if (operation["requestBody"] is not null) expected.Add("415");
            foreach (var status in expected) Assert.True(responses.ContainsKey(status), $"{name} does not document {status}");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                Assert.Equal("#/components/schemas/ErrorEnvelope", response!["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>());
            }
            if (!api) continue;
            Assert.NotNull(responses["429"]!["headers"]?["Retry-After"]);
            foreach (var (status, response) in responses)
            {
                foreach (var header in RateLimitHeaders) Assert.True(response!["headers"]?[header] is not null, $"{name} {status} lacks {header}");
            }
            var idempotencyKey = operation["parameters"]?.AsArray().Any(p => p!["$ref"]?.GetValue<string>() == "#/components/parameters/Idempotency-Key") == true;
            Assert.True(idempotencyKey == (method == "POST"), $"{name}: Idempotency-Key {(idempotencyKey ? "on a non-POST" : "missing")}");
        }
        var quotas = new[] { ("POST", "/api/v1/mail-tracking"), ("POST", "/api/v1/mail-tracking/{id}/recipients"), ("POST", "/api/v1/tracks") };
        foreach (var (method, template) in quotas)
        {
            Assert.True(contract.Operations.Single(o => o.Method == method && o.Template == template).Operation["responses"]!.AsObject().ContainsKey("403"), $"{method} {template} does not document its plan quota (403)");
        }
    }

    [Fact]
    public async Task Request_schemas_require_only_what_the_api_requires()
    {
        var contract = await host.ContractAsync();
        var create = RequestOperation(contract, "POST", "/api/v1/mail-tracking");
        Assert.Empty(RequestProblems(contract, create, new JsonObject { ["name"] = "Newsletter" }));
        Assert.NotEmpty(RequestProblems(contract, create, new JsonObject { ["enabled"] = true }));
        var schema = contract.Document["components"]!["schemas"]!["CreateMailTrackingRequest"]!;
        Assert.True(schema["properties"]!["enabled"]!["default"]!.GetValue<bool>());
        Assert.False(schema["properties"]!["uniqueOpensOnly"]!["default"]!.GetValue<bool>());
        Assert.True(schema["properties"]!["trackIpAddresses"]!["default"]!.GetValue<bool>());

        var recipients = RequestOperation(contract, "POST", "/api/v1/mail-tracking/{id}/recipients");
        Assert.Empty(RequestProblems(contract, recipients, JsonNode.Parse("""{"emails":["user1@example.com"]}""")));
        Assert.Empty(RequestProblems(contract, recipients, JsonNode.Parse("""{"recipients":[{"email":"johndoe@example.com"}]}""")));
        Assert.Empty(RequestProblems(contract, recipients, JsonNode.Parse("""{"recipients":[{"email":"johndoe@example.com","name":"John","subject":"Hi"}],"emails":null}""")));
        Assert.NotEmpty(RequestProblems(contract, recipients, JsonNode.Parse("""{"emails":["a@example.com"],"recipients":[{"email":"b@example.com"}]}""")));
        Assert.NotEmpty(RequestProblems(contract, recipients, JsonNode.Parse("{}")));

        // An open has no linkId and a click no pixelId: the feeds' items do not require them.
        var item = contract.Document["components"]!["schemas"]!["EventResponse"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.DoesNotContain("linkId", item);
        Assert.DoesNotContain("pixelId", item);
        Assert.Contains("mailTrackingId", item);
    }

    [Fact]
    public async Task Every_example_fits_its_schema()
    {
        var contract = await host.ContractAsync();
        var examples = 0;
        foreach (var (method, template, operation) in contract.Operations)
        {
            if (operation["requestBody"]?["content"]?["application/json"]?["example"] is { } request)
            {
                Assert.Empty(RequestProblems(contract, operation, request));
                examples++;
            }
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (response!["content"]?["application/json"]?["example"] is not { } example) continue;
                Assert.True(contract.Problems(operation, status, "application/json", example) is { Count: 0 } none, $"{method} {template} {status}: {string.Join("; ", contract.Problems(operation, status, "application/json", example))}");
                examples++;
            }
        }
        Assert.True(examples > 100, $"only {examples} examples");
    }

    [Fact]
    public async Task A_body_of_another_content_type_is_a_415_with_the_envelope()
    {
        var tenant = await host.CreateTenantAsync();
        var json = await tenant.Client.PostAsync("/api/v1/mail-tracking", new StringContent("name=Newsletter", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Contains("application/json", (await UnsupportedAsync(json)).GetProperty("msg").GetString());
        var trackingId = (await tenant.CreateTrackingAsync()).GetProperty("id").GetInt64();
        // The pixel takes a multipart form (or nothing): a JSON body is not one.
        var pixel = await tenant.Client.PostAsJsonAsync($"/api/v1/mail-tracking/{trackingId}/pixel", new { image = "x" });
        Assert.Contains("multipart/form-data", (await UnsupportedAsync(pixel)).GetProperty("msg").GetString());
    }

    private static async Task<JsonElement> UnsupportedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(envelope.GetProperty("success").GetBoolean());
        Assert.Equal(415, envelope.GetProperty("error").GetProperty("status").GetInt32());
        return envelope;
    }

    [Fact]
    public async Task An_answer_the_document_does_not_describe_fails_the_test()
    {
        var contract = await host.ContractAsync();
        var (template, operation) = contract.Find("GET", "/api/v1/mail-tracking/5")!.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/v1/mail-tracking/5");
        using var teapot = new HttpResponseMessage((HttpStatusCode)418) { Content = new StringContent("{}") };
        await Assert.ThrowsAsync<OpenApiContractException>(() => ContractCheckingHandler.CheckAsync(contract, request, teapot, template, operation, default));
        using var wrong = new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new { success = true, msg = new { id = "not a number" } }) };
        await Assert.ThrowsAsync<OpenApiContractException>(() => ContractCheckingHandler.CheckAsync(contract, request, wrong, template, operation, default));
    }

    private static JsonObject RequestOperation(OpenApiContract contract, string method, string template) =>
        contract.Operations.Single(o => o.Method == method && o.Template == template).Operation;

    /// <summary>A request body against its operation's request schema, checked as a response of a made-up status.</summary>
    private static IReadOnlyList<string> RequestProblems(OpenApiContract contract, JsonObject operation, JsonNode? body)
    {
        var asResponse = new JsonObject { ["responses"] = new JsonObject { ["request"] = new JsonObject { ["content"] = operation["requestBody"]!["content"]!.DeepClone() } } };
        return contract.Problems(asResponse, "request", "application/json", body);
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();
}
