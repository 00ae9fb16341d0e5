using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MailTracker.Api.Idempotency;

/// <summary>
/// What makes two requests "the same" for an idempotency key: SHA-256 of the method, path, query, content type and body. A
/// multipart body counts by its parts (each part's headers and bytes), not by its boundary: a client that retries builds the
/// body again with a new random boundary.
/// </summary>
public static class RequestFingerprint
{
    /// <summary>Hashes the request, leaving its body buffered and rewound for the endpoint.</summary>
    public static async Task<byte[]> ComputeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, request.Method);
        Add(hash, request.PathBase + request.Path);
        Add(hash, request.QueryString.Value ?? "");
        request.EnableBuffering();
        if (MultipartBoundary(request.ContentType) is { } boundary)
        {
            Add(hash, "multipart/form-data");
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                foreach (var (name, value) in (section.Headers ?? []).OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
                {
                    Add(hash, name.ToLowerInvariant() + ":" + value);
                }
                await AddBodyAsync(hash, section.Body, cancellationToken);
            }
        }
        else
        {
            Add(hash, request.ContentType ?? "");
            await AddBodyAsync(hash, request.Body, cancellationToken);
        }
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private static string? MultipartBoundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(type.Boundary) is { Length: > 0 } boundary
            ? boundary.Value
            : null;

    /// <summary>Each part is prefixed with its length, so that no two sequences of parts hash alike.</summary>
    private static void Add(IncrementalHash hash, string part)
    {
        var bytes = Encoding.UTF8.GetBytes(part);
        hash.AppendData(BitConverter.GetBytes(bytes.LongLength));
        hash.AppendData(bytes);
    }

    private static async Task AddBodyAsync(IncrementalHash hash, Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            length += read;
        }
        // The body's length after it, for the same reason.
        hash.AppendData(BitConverter.GetBytes(length));
    }
}
