using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace MailTracker.Api.Pages;

/// <summary>
/// The pages' static files (the vendored Chart.js with its licence, the page's own script and style), embedded in this
/// assembly and served by every silo under <c>/assets/</c>: the page needs nothing from anywhere else.
/// </summary>
public sealed class PageAssets
{
    public const string Path = "/assets";
    private const string ResourcePrefix = "assets/";

    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _files = Load();

    public IResult Serve(string name, HttpResponse response)
    {
        if (!_files.TryGetValue(name, out var file)) return Results.NotFound();
        response.Headers.CacheControl = "public, max-age=3600";
        response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static Dictionary<string, (byte[] Bytes, string ContentType)> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        // A licence is read as text, whatever its extension.
        types.Mappings[".md"] = "text/plain; charset=utf-8";
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".css"] = "text/css; charset=utf-8";
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[ResourcePrefix.Length..];
            files[name] = (copy.ToArray(), types.TryGetContentType(name, out var type) ? type : "application/octet-stream");
        }
        return files;
    }
}
