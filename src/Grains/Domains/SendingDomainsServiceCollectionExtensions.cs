using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Grains.Domains;

public static class SendingDomainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sending domains' key protector and DNS verifier, checking the settings now (a bad one throws
    /// <see cref="SendingSettingsException"/>). Without a key-encryption key, a persistent silo refuses to start; an
    /// embedded one makes one for this run and says so.
    /// </summary>
    public static IServiceCollection AddSendingDomains(this IServiceCollection services, IConfiguration configuration, bool persistent)
    {
        var settings = configuration.GetSection(SendingDomainOptions.Section).Get<SendingDomainOptions>() ?? new SendingDomainOptions();
        services.AddOptions<SendingDomainOptions>().Bind(configuration.GetSection(SendingDomainOptions.Section));
        services.AddSingleton(new DomainKeyProtector(KeyEncryptionKey(settings.KeyEncryptionKey, persistent)));
        var resolver = Resolver(settings.DnsServer);
        services.AddSingleton(_ => new DomainVerifier(resolver, settings.DnsTimeout));
        return services;
    }

    private static byte[] KeyEncryptionKey(string configured, bool persistent)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (persistent)
            {
                throw new SendingSettingsException("MailTracker__Sending__KeyEncryptionKey is required when ConnectionStrings__Postgres is set (base64 of 32 random bytes, e.g. `openssl rand -base64 32`, the same on every silo): it encrypts the sending domains' DKIM keys.");
            }
            Console.WriteLine("MailTracker: sending domains' DKIM keys are encrypted with a key generated for this run (set MailTracker__Sending__KeyEncryptionKey, base64 of 32 bytes, to choose one).");
            return RandomNumberGenerator.GetBytes(DomainKeyProtector.KeyBytes);
        }
        var key = new byte[64];
        if (!Convert.TryFromBase64String(configured.Trim(), key, out var length) || length != DomainKeyProtector.KeyBytes)
        {
            throw new SendingSettingsException("MailTracker__Sending__KeyEncryptionKey must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`).");
        }
        return key[..length];
    }

    /// <summary>The configured resolver's endpoint, or null for the system's.</summary>
    private static IPEndPoint? Resolver(string configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return null;
        var text = configured.Trim();
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            if (endpoint.Port == 0) endpoint.Port = 53;
            return endpoint;
        }
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        var port = 53;
        if (colon >= 0 && (!int.TryParse(text[(colon + 1)..], out port) || port is < 1 or > 65535))
        {
            throw new SendingSettingsException($"MailTracker__Sending__DnsServer '{configured}' must be host:port with a port from 1 to 65535.");
        }
        try
        {
            return new IPEndPoint(Dns.GetHostAddresses(host)[0], port);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException or IndexOutOfRangeException)
        {
            throw new SendingSettingsException($"MailTracker__Sending__DnsServer '{configured}': the host {host} cannot be resolved ({e.Message}).");
        }
    }
}
