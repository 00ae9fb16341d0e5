using System.ComponentModel.DataAnnotations;
namespace MailTracker.Api.Recipients;

public sealed record RecipientEntry([property: Required] string? Email, string? Name, string? Subject);
