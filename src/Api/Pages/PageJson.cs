using System.Text.Json;

namespace MailTracker.Api.Pages;

/// <summary>How the pages write their snapshots for their script: the web's camelCase, as the API's JSON.</summary>
public static class PageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
