namespace MailTracker.Api.Pages;

/// <summary>One hit of the tracking page's log, in the words the page shows (the server words it once, for the HTML and the live updates alike).</summary>
public sealed record LogRow(
    string Date,
    string What,
    string EmailClient,
    string Device,
    string Os,
    string Place,
    string Verdict,
    string Recipient);
