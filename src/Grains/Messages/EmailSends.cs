using MailTracker.Messages;

namespace MailTracker.Grains.Messages;

/// <summary>What a message counts in <c>/analytics/emails</c>: one send per recipient copy the relay got (test messages are left out where they are summed).</summary>
public static class EmailSends
{
    public static (int Sent, int Delivered, int Bounced) Of(EmailInfo email)
    {
        int sent = 0, delivered = 0, bounced = 0;
        foreach (var r in email.Recipients)
        {
            if (r.Status is EmailStatus.Sent or EmailStatus.Delivered or EmailStatus.Bounced) sent++;
            if (r.Status == EmailStatus.Delivered) delivered++;
            if (r.Status == EmailStatus.Bounced) bounced++;
        }
        return (sent, delivered, bounced);
    }
}
