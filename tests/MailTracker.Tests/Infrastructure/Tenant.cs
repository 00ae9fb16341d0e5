using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MailTracker.Tests.Infrastructure;

/// <summary>One account and its API key, with helpers that speak the API.</summary>
public sealed class Tenant(ApiTestHost host, long accountId, string key)
{
    public long AccountId { get; } = accountId;

    public string Key { get; } = key;

    /// <summary>A client that sends the key as a Bearer token.</summary>
    public HttpClient Client { get; } = CreateClient(host, key);

    public HttpClient Anonymous() => host.CreateNoRedirectClient();

    public async Task<JsonElement> CreateTrackingAsync(object? body = null)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/mail-tracking", body ?? new { name = "Newsletter" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await MsgAsync(response);
    }

    public async Task<JsonElement> CreatePixelAsync(long trackingId)
    {
        var response = await Client.PostAsync($"/api/v1/mail-tracking/{trackingId}/pixel", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await MsgAsync(response);
    }

    public async Task<JsonElement> CreateUrlAsync(long trackingId, string url = "https://example.com/landing")
    {
        var response = await Client.PostAsJsonAsync($"/api/v1/mail-tracking/{trackingId}/url", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await MsgAsync(response);
    }

    /// <summary>
    /// A new sending domain of the account, its records published on the host's DNS server and verified: what a message's
    /// from-address needs. The name is unique to the call, since a domain belongs to one account.
    /// </summary>
    public async Task<string> VerifiedDomainAsync()
    {
        var dns = (host as IDomainHost ?? throw new InvalidOperationException($"{host.GetType().Name} serves no DNS records: it is no IDomainHost.")).Dns;
        var name = $"t{Guid.NewGuid():N}"[..13] + ".mailtracker-tests.example";
        var created = await MsgAsync(await Client.PostAsJsonAsync("/api/v1/domains", new { domain = name }));
        foreach (var record in created.GetProperty("dnsRecords").EnumerateArray()) dns.Publish(record.GetProperty("name").GetString()!, record.GetProperty("value").GetString()!);
        var verified = await MsgAsync(await Client.PostAsync($"/api/v1/domains/{name}/verify", null));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        return name;
    }

    /// <summary>Hits a pixel or link URL as a mail client at <paramref name="ip"/> would.</summary>
    public async Task<HttpResponseMessage> HitAsync(string url, string ip = "198.51.100.7", string? userAgent = "Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0", HttpMethod? method = null, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(url).PathAndQuery);
        request.Headers.Add(ApiTestHost.PeerHeader, ip);
        if (userAgent is not null) request.Headers.UserAgent.ParseAdd(userAgent);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        return await Anonymous().SendAsync(request);
    }

    /// <summary>Reads a pixel's or URL's counter until it reaches <paramref name="expected"/> (hits are counted asynchronously, within about a second).</summary>
    public async Task<JsonElement> WaitForCountAsync(string path, long expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var msg = await MsgAsync(await Client.GetAsync(path));
            var count = msg.GetProperty("timesOpened").GetInt64();
            if (count == expected) return msg;
            if (count > expected || DateTime.UtcNow > deadline) Assert.Fail($"{path}: timesOpened is {count}, expected {expected}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until every hit logged so far has been delivered, then gives the counter.</summary>
    public async Task<long> SettledCountAsync(string path)
    {
        // Quiet for a while after the log drained: with the tailers polling every 50 ms, 600 ms without
        // change means everything committed has been decided on.
        long last = -1;
        var stableSince = DateTime.UtcNow;
        while (true)
        {
            var count = (await MsgAsync(await Client.GetAsync(path))).GetProperty("timesOpened").GetInt64();
            if (count != last)
            {
                last = count;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromMilliseconds(600))
            {
                return count;
            }
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> MsgAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean(), body.GetRawText());
        return body.GetProperty("msg");
    }

    private static HttpClient CreateClient(ApiTestHost host, string key)
    {
        var client = host.CreateNoRedirectClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
