using System.Security.Cryptography;
using System.Text;

namespace MailTracker.Grains.Domains;

/// <summary>
/// Encrypts DKIM private keys with AES-256-GCM under the configured key-encryption key. The domain name is the associated
/// data, so a stored key decrypts only as the key of its own domain. Layout: nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class DomainKeyProtector(byte[] keyEncryptionKey)
{
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public byte[] Protect(string domain, ReadOnlySpan<byte> plaintext)
    {
        var sealedKey = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedKey.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keyEncryptionKey, TagBytes);
        aes.Encrypt(nonce, plaintext, sealedKey.AsSpan(NonceBytes + TagBytes), sealedKey.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(domain));
        return sealedKey;
    }

    /// <summary>Throws <see cref="AuthenticationTagMismatchException"/> when the key-encryption key is not the one that sealed it.</summary>
    public byte[] Unprotect(string domain, byte[] sealedKey)
    {
        var plaintext = new byte[sealedKey.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(keyEncryptionKey, TagBytes);
        aes.Decrypt(sealedKey.AsSpan(0, NonceBytes), sealedKey.AsSpan(NonceBytes + TagBytes), sealedKey.AsSpan(NonceBytes, TagBytes), plaintext, Encoding.UTF8.GetBytes(domain));
        return plaintext;
    }
}
