using System.Net.Http.Json;
using System.Text.Json;

namespace MailTracker.Tests.Infrastructure;

/// <summary>Speaking MailTracker's API to a silo process: a new account and key, and the envelope.</summary>
public static class SiloApi
{
    /// <summary>A new account on the silo and a client that sends its API key.</summary>
    public static async Task<SiloTenant> CreateTenantAsync(SiloProcess silo, string adminToken, string name)
    {
        using var admin = new HttpClient { BaseAddress = silo.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        var account = await MsgAsync(await admin.PostAsJsonAsync("/admin/v1/accounts", new { name, plan = "enterprise" }));
        var key = (await MsgAsync(await admin.PostAsJsonAsync($"/admin/v1/accounts/{account.GetProperty("id").GetInt64()}/api-keys", new { name = "k", rate_limit = ApiTestHost.UnlimitedRate })))
            .GetProperty("key").GetString()!;
        var api = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return new SiloTenant(api, key);
    }

    /// <summary>A new sending domain of the tenant, its records published on <paramref name="dns"/> (the silo's resolver) and verified.</summary>
    public static async Task<string> VerifiedDomainAsync(SiloTenant tenant, LocalDnsServer dns)
    {
        var name = $"t{Guid.NewGuid():N}"[..13] + ".mailtracker-tests.example";
        var created = await MsgAsync(await tenant.Api.PostAsJsonAsync("/api/v1/domains", new { domain = name }));
        foreach (var record in created.GetProperty("dnsRecords").EnumerateArray()) dns.Publish(record.GetProperty("name").GetString()!, record.GetProperty("value").GetString()!);
        var verified = await MsgAsync(await tenant.Api.PostAsync($"/api/v1/domains/{name}/verify", null));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        return name;
    }

    public static async Task<JsonElement> MsgAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean(), body.GetRawText());
        return body.GetProperty("msg");
    }
}
