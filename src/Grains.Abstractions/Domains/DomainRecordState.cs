namespace MailTracker.Domains;

public enum DomainRecordState
{
    /// <summary>Never looked up yet.</summary>
    Pending,
    Verified,
    /// <summary>No record of its kind at its name.</summary>
    Missing,
    /// <summary>A record of its kind is there, with another value.</summary>
    Mismatch,
    /// <summary>The resolver did not answer (timeout, server failure): nothing is known.</summary>
    Unreachable,
}
