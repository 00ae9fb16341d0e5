namespace MailTracker.Domains;

/// <summary>What signs a message from a verified domain: <c>d=</c>, <c>s=</c> and the RSA private key as PKCS#8 PEM (MimeKit's DkimSigner reads it).</summary>
[GenerateSerializer, Immutable, Alias("mt.DomainSigningKey")]
public sealed record DomainSigningKey(
    [property: Id(0)] string Domain,
    [property: Id(1)] string Selector,
    [property: Id(2)] byte[] PrivateKeyPem);
