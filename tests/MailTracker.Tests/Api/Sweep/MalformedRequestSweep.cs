using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using MailTracker.Api.Http;
using MailTracker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>
/// No 500 from bad input: thousands of malformed requests, made from a fixed seed, over every operation of the host's own
/// OpenAPI document (operations added later are swept without a change here) and over the routes outside it.
/// Every answer is below 500, and every 4xx of <c>/api/v1</c> and <c>/admin/v1</c> is the error envelope.
/// </summary>
public abstract class MalformedRequestSweep<THost>(THost host, ITestOutputHelper output) : IClassFixture<THost> where THost : ApiTestHost
{
    /// <summary>
    /// The seed of every request; a failure report names it. <c>MAILTRACKER_SWEEP_SEED</c> sweeps with another one (to explore, or to
    /// replay a report of another seed).
    /// </summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("MAILTRACKER_SWEEP_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 160_416;

    private const int RequestsPerOperation = 60;

    private const int OutsideRequests = 600;

    private static readonly IReadOnlySet<string> Codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    [Fact]
    public async Task Every_documented_operation_answers_malformed_requests_below_500_with_the_envelope()
    {
        var tenant = await host.CreateTenantAsync();
        var ids = await SweepIds.CreateAsync(tenant);
        using var document = JsonDocument.Parse(await host.CreateClient().GetStringAsync("/openapi/v1.json"));
        var operations = SweepOperation.ReadAll(document.RootElement);
        Assert.NotEmpty(operations);
        var generator = new MalformedRequestGenerator(MalformedValues.Load(), ids, tenant.Key, host.AdminToken, Seed);
        var requests = operations.SelectMany(o => generator.For(o, RequestsPerOperation)).ToList();

        // Deletes last, so that the other operations still find the tenant's entities.
        await SweepAsync(requests.Where(r => r.Method != "DELETE"), requests.Where(r => r.Method == "DELETE"), $"{operations.Count} operations");
    }

    [Fact]
    public async Task Hit_endpoints_pages_and_sign_in_forms_answer_junk_below_500()
    {
        var tenant = await host.CreateTenantAsync();
        var ids = await SweepIds.CreateAsync(tenant);
        var generator = new MalformedRequestGenerator(MalformedValues.Load(), ids, tenant.Key, host.AdminToken, Seed);
        await SweepAsync(generator.ForOutsideRoutes(OutsideRequests).ToList(), [], "the routes outside the document");
    }

    private async Task SweepAsync(IEnumerable<SweepRequest> first, IEnumerable<SweepRequest> then, string what)
    {
        var runner = new SweepRunner(host.CreateNoRedirectClient(), Codes);
        var clock = Stopwatch.StartNew();
        await runner.RunAsync(first);
        await runner.RunAsync(then);
        output.WriteLine($"Seed {Seed}: {runner.Sent} requests to {what} in {clock.Elapsed.TotalSeconds:0.0} s; statuses {runner.Statuses}");
        if (runner.Failures.Count == 0) return;

        var report = new StringBuilder($"Seed {Seed}: {runner.Failures.Count} of {runner.Sent} requests to {what} were answered wrongly:\n");
        foreach (var kind in runner.Failures.GroupBy(f => (f.Request.Method, f.Request.Template, f.Kind)).OrderByDescending(g => g.Count()))
        {
            report.Append(CultureInfo.InvariantCulture, $"  {kind.Count()} × {kind.Key.Method} {kind.Key.Template}: {kind.Key.Kind}\n");
            foreach (var failure in kind.Take(3)) report.Append("    ").Append(failure.Describe()).Append('\n');
        }
        Assert.Fail(report.ToString());
    }
}
