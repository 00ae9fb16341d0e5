using MailTracker.Messages;
using MimeKit;

namespace MailTracker.Grains.Messages;

/// <summary>The MIME message one recipient receives: the same headers for every addressee, the body personalised.</summary>
public static class EmailMime
{
    /// <summary>RFC 8058 one-click unsubscribe: the value that tells a mail provider the URL takes a POST.</summary>
    public const string OneClick = "List-Unsubscribe=One-Click";

    /// <summary>The same for every attempt, so that a resent copy is recognisably the same message.</summary>
    public static string MessageId(EmailInfo email, EmailRecipient recipient) =>
        $"{email.Id}.{recipient.RecipientId}@{Domain(email.Draft.From)}";

    public static MimeMessage Build(EmailInfo email, EmailRecipient recipient)
    {
        var draft = email.Draft;
        var message = new MimeMessage { Subject = draft.Subject, MessageId = MessageId(email, recipient), Date = email.Created };
        message.From.Add(MailboxAddress.Parse(draft.From));
        message.To.AddRange(draft.To.Select(MailboxAddress.Parse));
        message.Cc.AddRange(draft.Cc.Select(MailboxAddress.Parse));
        if (draft.ReplyTo is { } replyTo) message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        message.Headers.Add("List-Unsubscribe", $"<{EmailPersonalizer.UnsubscribeUrl(email, recipient)}>");
        message.Headers.Add("List-Unsubscribe-Post", OneClick);
        var body = new BodyBuilder { HtmlBody = EmailPersonalizer.Html(email, recipient), TextBody = EmailPersonalizer.Text(email, recipient) };
        foreach (var attachment in draft.Attachments)
        {
            body.Attachments.Add(attachment.Filename, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private static string Domain(string address) => MailboxAddress.Parse(address).Domain is { Length: > 0 } domain ? domain : "localhost";
}
