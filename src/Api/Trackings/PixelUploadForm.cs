using Microsoft.AspNetCore.Http;

namespace MailTracker.Api.Trackings;

/// <summary>The optional multipart body of a pixel's creation, as the OpenAPI document shows it (<see cref="PixelUpload"/> reads it).</summary>
/// <param name="Image">A JPG, PNG, GIF or WebP file (by content), at most 5 MB, served instead of the 1x1 GIF.</param>
public sealed record PixelUploadForm(IFormFile? Image);
