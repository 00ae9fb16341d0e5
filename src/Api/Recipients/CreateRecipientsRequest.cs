using System.Globalization;
using System.Net.Mail;
using System.Text;
using MailTracker.Api.Http;
using MailTracker.Recipients;

namespace MailTracker.Api.Recipients;

/// <summary>Mail Tracker's <c>{"emails": […]}</c> or Procurios-style <c>{"recipients": [{email, name, subject}]}</c>.</summary>
public sealed record CreateRecipientsRequest(IReadOnlyList<string?>? Emails, IReadOnlyList<RecipientEntry?>? Recipients) : IValidatable
{
    public const int MaxRecipients = 10_000;
    public const int MaxEmailLength = 254;
    public const int MaxTextLength = 500;

    /// <summary>10,000 recipients with names and subjects fit easily; the default 1 MB of JSON bodies does not.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    public string? Validate()
    {
        if ((Emails is null) == (Recipients is null)) return "Give either emails (a list of addresses) or recipients (a list of {email, name, subject}).";
        var count = Emails?.Count ?? Recipients!.Count;
        if (count is < 1 or > MaxRecipients) return $"Give 1 to {MaxRecipients} recipients per request ({count} given).";
        // Every bad entry, by index, so that a client can fix its whole list at once.
        var field = Emails is not null ? "emails" : "recipients";
        var problems = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var entry = Emails is not null ? new RecipientEntry(Emails[i], null, null) : Recipients![i];
            if (EntryProblem(entry) is { } problem) problems.Append(CultureInfo.InvariantCulture, $"{(problems.Length > 0 ? "; " : "")}{field}[{i}] {problem}");
        }
        return problems.Length > 0 ? problems.ToString() : null;
    }

    public IReadOnlyList<RecipientSpec> ToSpecs() => Emails is not null
        ? [.. Emails.Select(e => new RecipientSpec(e!.Trim(), null, null))]
        : [.. Recipients!.Select(r => new RecipientSpec(r!.Email!.Trim(), Blank(r.Name), Blank(r.Subject)))];

    private static string? EntryProblem(RecipientEntry? entry)
    {
        if (entry?.Email is not { } email || string.IsNullOrWhiteSpace(email)) return "has no email";
        if (!IsEmail(email.Trim())) return $"'{Shorten(email)}' is not a valid email address";
        return TextProblem("name", entry.Name) ?? TextProblem("subject", entry.Subject);
    }

    /// <summary>A recipient's name or subject: at most <see cref="MaxTextLength"/> characters (<see cref="TextField"/>).</summary>
    internal static string? TextProblem(string field, string? text) => TextField.Problem(field, text, 0, MaxTextLength, required: false);

    /// <summary>A plain address (local@domain with a dot in the domain), nothing that would need a display name.</summary>
    internal static bool IsEmail(string email) =>
        email.Length <= MaxEmailLength
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && string.IsNullOrEmpty(parsed.DisplayName)
        && parsed.Host.Contains('.')
        && !email.Any(char.IsWhiteSpace);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
