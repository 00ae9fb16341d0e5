using MailTracker.Domains;

namespace MailTracker.Grains.Domains;

public sealed record DomainState
{
    /// <summary>0 while the domain is unclaimed (never created, or deleted).</summary>
    public long AccountId { get; set; }

    public string Selector { get; set; } = "";

    /// <summary>The DKIM private key (PKCS#8 DER) sealed by <see cref="DomainKeyProtector"/>.</summary>
    public byte[] SealedPrivateKey { get; set; } = [];

    public List<DomainRecord> Records { get; set; } = [];

    public bool Verified { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }
}
