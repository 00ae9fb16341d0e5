namespace MailTracker.Domains;

public enum DomainRecordPurpose
{
    Verification,
    Spf,
    Dkim,
    Dmarc,
}
