using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MailTracker.Api.Messages;

public sealed record SendEmailAttachment(
    [property: Required, Description("The file name the recipient sees.")] string? Filename,
    [property: Required, Description("The file, base64-encoded.")] string? Content,
    [property: Description("Its MIME type; application/octet-stream when absent.")] string? ContentType);
