using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace MailTracker.Grains.Messages;

/// <summary>
/// The signing context MimeKit's DKIM signer feeds the canonical headers to: SHA-256 as they come, then an RSA PKCS #1
/// v1.5 signature by .NET's platform RSA. One per message; the shared key signs one hash at a time.
/// </summary>
public sealed class PlatformRsaSha256Signer(RSA rsa) : ISigner
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string AlgorithmName => "SHA-256withRSA";

    public void Init(bool forSigning, ICipherParameters parameters)
    {
        if (!forSigning) throw new NotSupportedException("This context only signs.");
    }

    public void Update(byte input) => _hash.AppendData([input]);

    public void BlockUpdate(byte[] input, int inOff, int inLen) => _hash.AppendData(input, inOff, inLen);

    public void BlockUpdate(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public int GetMaxSignatureSize() => rsa.KeySize / 8;

    public byte[] GenerateSignature()
    {
        var hash = _hash.GetHashAndReset();
        lock (rsa) return rsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public bool VerifySignature(byte[] signature) => throw new NotSupportedException("This context only signs.");

    public void Reset() => _hash.GetHashAndReset();
}
