using System.Security.Claims;
using MailTracker.Api.Auth;
using MailTracker.Api.Http;
using MailTracker.Trackings;
using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Trackings;

/// <summary>Creating a pixel, optionally with a custom image recognised from its bytes.</summary>
public static class PixelUpload
{
    public const int MaxImageBytes = 5 * 1024 * 1024;
    public const long MaxRequestBytes = MaxImageBytes + 64 * 1024;

    public static async Task<IResult> CreatePixelAsync(long id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, PublicUrls urls)
    {
        CustomImage? image = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("image");
            if (file is null)
            {
                if (form.Files.Count > 0) return Envelope.Validation("The image must be sent in the multipart field named 'image'.");
            }
            else
            {
                if (file.Length > MaxImageBytes)
                {
                    return Envelope.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "image must be at most 5 MB.");
                }
                if (file.Length == 0) return Envelope.Validation("image is empty.");
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer);
                var bytes = buffer.ToArray();
                if (DetectImageType(bytes) is not { } contentType) return Envelope.Validation("image must be a JPG, PNG, GIF or WebP file.");
                image = new CustomImage(contentType, bytes);
            }
        }

        var result = await grains.GetGrain<IMailTrackingGrain>(id).AddPixelAsync(user.AccountId(), image);
        return result.Outcome switch
        {
            Outcome.Ok => Envelope.Created($"/api/v1/pixel/{result.Value!.Id}", result.Value.ToPixelResponse(urls)),
            Outcome.Conflict => Envelope.Error(StatusCodes.Status409Conflict, ErrorCodes.Conflict, result.Message!),
            _ => Envelope.NotFound("Mail tracking"),
        };
    }

    /// <summary>The image type by its magic bytes; the file name and declared type are not trusted.</summary>
    public static string? DetectImageType(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8)) return "image/gif";
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }
}
