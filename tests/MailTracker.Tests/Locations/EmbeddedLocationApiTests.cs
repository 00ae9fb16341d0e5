using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Locations;

/// <summary>The location tests on the embedded default, and what does not depend on the backend: no database, the OpenAPI document.</summary>
public sealed class EmbeddedLocationApiTests(EmbeddedGeoIpApiHost host, EmbeddedApiHost withoutDatabase)
    : LocationApiTests<EmbeddedGeoIpApiHost>(host), IClassFixture<EmbeddedApiHost>
{
    [Fact]
    public async Task Without_a_geoip_database_there_is_no_location()
    {
        var tenant = await withoutDatabase.CreateTenantAsync();
        var created = await Tenant.MsgAsync(await tenant.Client.PostAsJsonAsync("/api/v1/tracks", new { recipient = "joe@example.com" }));
        Assert.Equal(HttpStatusCode.OK, (await tenant.HitAsync(created.GetProperty("pixelUrl").GetString()!, ip: London)).StatusCode);

        var open = await SingleOpenAsync(tenant, created.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("location").ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_location_of_track_opens()
    {
        using var document = JsonDocument.Parse(await withoutDatabase.CreateClient().GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var location = schemas.GetProperty("TrackOpenResponse").GetProperty("properties").GetProperty("location").GetRawText();
        Assert.Contains("#/components/schemas/TrackLocation", location);
        var properties = schemas.GetProperty("TrackLocation").GetProperty("properties");
        Assert.Equal(["city", "country"], properties.EnumerateObject().Select(p => p.Name).Order());
        var entry = schemas.GetProperty("HitDataEntry").GetProperty("properties");
        Assert.True(entry.TryGetProperty("country", out _) && entry.TryGetProperty("city", out _));
    }
}
