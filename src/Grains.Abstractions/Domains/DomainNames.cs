using System.Globalization;
using System.Net;

namespace MailTracker.Domains;

/// <summary>Domain names as MailTracker keeps them: IDNA ASCII (punycode), lower case, without a trailing dot.</summary>
public static class DomainNames
{
    /// <summary>RFC 1035: 253 characters written without the trailing dot.</summary>
    public const int MaxLength = 253;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>The normalized name, or null when <paramref name="name"/> is not a host name of at least two labels.</summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var trimmed = name.Trim();
        if (trimmed.EndsWith('.')) trimmed = trimmed[..^1];
        string ascii;
        try
        {
            // IdnMapping checks the labels too (STD3: letters, digits and hyphens, 1 to 63 characters each).
            ascii = Idn.GetAscii(trimmed).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (ascii.Length > MaxLength || !ascii.Contains('.') || IPAddress.TryParse(ascii, out _)) return null;
        // A top-level domain is never all digits (RFC 3696 §2): such a name is a mistyped address.
        var tld = ascii[(ascii.LastIndexOf('.') + 1)..];
        return Uri.CheckHostName(ascii) == UriHostNameType.Dns && !tld.All(char.IsAsciiDigit) ? ascii : null;
    }

    /// <summary>The normalized domain of an email address (what follows its last '@'), or null.</summary>
    public static string? OfAddress(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        return at < 0 ? null : Normalize(address![(at + 1)..]);
    }

    /// <summary>The domain grain's key: 'n' (no hex digit, see <see cref="GrainKeys"/>) and the normalized name.</summary>
    public static string GrainKey(string normalized) => "n" + normalized;
}
