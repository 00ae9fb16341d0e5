using MailTracker.Domains;
using MailTracker.Messages;
using MimeKit;
using MimeKit.Cryptography;

namespace MailTracker.Grains.Messages;

/// <summary>
/// DKIM-signs messages (RFC 6376: rsa-sha256, relaxed/relaxed) with the key and selector of their from-address's verified
/// sending domain. One signer serves one batch of the outbox: each domain's key is asked of its grain once (PrepareAsync), not per recipient.
/// </summary>
public sealed class EmailSigner(IGrainFactory grains)
{
    /// <summary>
    /// What a receiver shows or acts on (RFC 6376 §5.4.1), so that none can be changed or added on the way without breaking
    /// the signature; the RFC 8058 pair among them, which Gmail and Yahoo require to be signed for one-click unsubscribe.
    /// </summary>
    private static readonly IReadOnlyList<HeaderId> SignedHeaders =
    [
        HeaderId.From, HeaderId.Subject, HeaderId.Date, HeaderId.To, HeaderId.Cc, HeaderId.ReplyTo, HeaderId.MessageId,
        HeaderId.ListUnsubscribe, HeaderId.ListUnsubscribePost, HeaderId.MimeVersion, HeaderId.ContentType,
    ];

    private readonly Dictionary<(long AccountId, string Domain), DkimSigner?> _signers = [];

    /// <summary>Asks each domain's key of its grain once, before a batch's copies are signed at once.</summary>
    public async Task PrepareAsync(IEnumerable<EmailInfo> emails)
    {
        foreach (var email in emails)
        {
            var address = MailboxAddress.Parse(email.Draft.From).Address;
            var domain = DomainNames.OfAddress(address) ?? address;
            if (_signers.ContainsKey((email.AccountId, domain))) continue;
            _signers[(email.AccountId, domain)] = await grains.SigningKeyForAsync(email.AccountId, address) is { } key ? Create(key) : null;
        }
    }

    /// <summary>
    /// Signs the message (its domain prepared); false, leaving it unsigned, when its domain is no longer a verified domain of
    /// the account. Safe for a batch's copies at once: the signers are only read here, and MimeKit's DkimSigner makes a new
    /// signing context for every message.
    /// </summary>
    public bool Sign(EmailInfo email, MimeMessage message)
    {
        var address = MailboxAddress.Parse(email.Draft.From).Address;
        if (!_signers.TryGetValue((email.AccountId, DomainNames.OfAddress(address) ?? address), out var signer) || signer is null) return false;
        // 7-bit before signing: a relay without 8BITMIME would otherwise re-encode the body and break the signature.
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [.. SignedHeaders]);
        return true;
    }

    /// <summary>The reason a message that could not be signed is not sent.</summary>
    public static string NotSignedReason(EmailInfo email) =>
        $"The sending domain of {MailboxAddress.Parse(email.Draft.From).Address} is no longer a verified domain of the account (or its DKIM key does not decrypt): the message was not sent.";

    private static DkimSigner Create(DomainSigningKey key) =>
        new PlatformRsaDkimSigner(key.PrivateKeyPem, key.Domain, key.Selector)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
}
