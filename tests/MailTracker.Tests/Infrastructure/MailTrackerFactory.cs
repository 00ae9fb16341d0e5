using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// The real Silo (Orleans + ASP.NET Core) in this process, on free ports: embedded by default, or on a
/// PostgreSQL database when a connection string is given.
/// </summary>
public class MailTrackerFactory(string? postgres = null, string? clusterId = null) : WebApplicationFactory<Program>
{
    /// <summary>The sending domains' key-encryption key of every test silo (required with PostgreSQL): 32 fixed test bytes.</summary>
    public const string KeyEncryptionKey = "bWFpbHRyYWNrZXItdGVzdHMta2V5LWVuY3J5cHRpb24=";

    public string AdminToken { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    public string ClusterId { get; } = clusterId ?? "test-" + Guid.NewGuid().ToString("N")[..12];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("MailTracker:AdminToken", AdminToken);
        builder.UseSetting("MailTracker:PublicBaseUrl", "http://localhost");
        builder.UseSetting("MailTracker:Sending:KeyEncryptionKey", KeyEncryptionKey);
        builder.UseSetting("Orleans:ClusterId", ClusterId);
        builder.UseSetting("Orleans:SiloPort", PostgresServer.FreePort().ToString());
        builder.UseSetting("Orleans:GatewayPort", PostgresServer.FreePort().ToString());
        if (postgres is not null) builder.UseSetting("ConnectionStrings:Postgres", postgres);
    }

    /// <summary>A client that carries the admin token.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }
}
