using MailTracker.Domains;
using MailTracker.Messages;
using MimeKit;
using MimeKit.Cryptography;

namespace MailTracker.Grains.Messages;

/// <summary>
/// DKIM-signs messages (RFC 6376: rsa-sha256, relaxed/relaxed) with the key and selector of their from-address's verified
/// sending domain. One signer serves one batch of the outbox: each domain's key is asked of its grain once, not per recipient.
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

    /// <summary>Signs the message; false, leaving it unsigned, when its domain is no longer a verified domain of the account.</summary>
    public async Task<bool> SignAsync(EmailInfo email, MimeMessage message)
    {
        var address = MailboxAddress.Parse(email.Draft.From).Address;
        var domain = DomainNames.OfAddress(address) ?? address;
        if (!_signers.TryGetValue((email.AccountId, domain), out var signer))
        {
            _signers[(email.AccountId, domain)] = signer = await grains.SigningKeyForAsync(email.AccountId, address) is { } key ? Create(key) : null;
        }
        if (signer is null) return false;
        // 7-bit before signing: a relay without 8BITMIME would otherwise re-encode the body and break the signature.
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [.. SignedHeaders]);
        return true;
    }

    /// <summary>The reason a message that could not be signed is not sent.</summary>
    public static string NotSignedReason(EmailInfo email) =>
        $"The sending domain of {MailboxAddress.Parse(email.Draft.From).Address} is no longer a verified domain of the account (or its DKIM key does not decrypt): the message was not sent.";

    private static DkimSigner Create(DomainSigningKey key)
    {
        using var pem = new MemoryStream(key.PrivateKeyPem);
        return new DkimSigner(pem, key.Domain, key.Selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
    }
}
