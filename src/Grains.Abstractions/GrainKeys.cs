using System.Buffers;
using System.Security.Cryptography;

namespace MailTracker;

/// <summary>
/// String grain keys and public tokens. Orleans' ADO.NET storage reads a string key that parses as a
/// hex number or a GUID as that number (dotnet/orleans#9706: "abc" and "0abc" share one row), so every
/// string key MailTracker uses starts with a letter that is not a hex digit and never contains '+'.
/// </summary>
public static class GrainKeys
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> Base62Chars = SearchValues.Create(Base62);

    /// <summary>22 base-62 characters: 131 random bits from the CSPRNG.</summary>
    public const int RandomLength = 22;

    /// <summary>A new random token: the kind's non-hex prefix letter, then 22 base-62 characters.</summary>
    public static string NewToken(TokenKind kind) =>
        string.Concat(Prefix(kind), new string(RandomNumberGenerator.GetItems<char>(Base62, RandomLength)));

    public static char Prefix(TokenKind kind) => kind switch
    {
        TokenKind.Pixel => 'p',
        TokenKind.Link => 'l',
        TokenKind.Recipient => 'r',
        TokenKind.ApiKey => 'k',
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Whether <paramref name="token"/> has the shape of <see cref="NewToken"/>'s tokens of <paramref name="kind"/>: one that does
    /// not can never exist, so it is answered without activating a grain for it.
    /// </summary>
    public static bool IsToken(string token, TokenKind kind) => IsToken(token.AsSpan(), kind);

    /// <summary>The same for characters not (yet) a string of their own: a pixel's path without its image extension.</summary>
    public static bool IsToken(ReadOnlySpan<char> token, TokenKind kind) =>
        token.Length == 1 + RandomLength && token[0] == Prefix(kind) && !token[1..].ContainsAnyExcept(Base62Chars);

    /// <summary>A new API key secret: environment prefix and 32 base-62 characters (190 bits).</summary>
    public static string NewApiKey(string environment) =>
        $"mt_{environment}_{new string(RandomNumberGenerator.GetItems<char>(Base62, 32))}";

    /// <summary>The key of an API key's grain: a hash of the secret, so the secret is stored nowhere.</summary>
    public static string ForApiKey(string secret) =>
        Prefix(TokenKind.ApiKey) + Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A new tracking page session token for its cookie: 32 base-62 characters (190 bits from the CSPRNG).</summary>
    public static string NewSessionToken() => new(RandomNumberGenerator.GetItems<char>(Base62, 32));

    /// <summary>
    /// The key of a tracking page session's grain: 's' and a hash of the cookie's token, so the token is stored nowhere and
    /// the key never reads as a number or a GUID.
    /// </summary>
    public static string ForSession(string token) =>
        "s" + Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether <paramref name="token"/> has the shape of <see cref="NewSessionToken"/>'s tokens.</summary>
    public static bool IsSessionToken(string token) => token.Length == 32 && !token.AsSpan().ContainsAnyExcept(Base62Chars);

    /// <summary>True when Orleans' ADO.NET storage keeps the key as a string (it is neither a number nor a GUID to it).</summary>
    public static bool IsSafeStringKey(string key) =>
        key.Length > 0
        && !key.Contains('+')
        && !char.IsAsciiHexDigit(key[0])
        && !Guid.TryParse(key, out _);
}
