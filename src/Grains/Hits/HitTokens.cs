using System.Buffers;
using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>The shape of public tokens: a malformed one can never exist, so it is answered without activating a grain.</summary>
public static class HitTokens
{
    private static readonly SearchValues<char> Base62Chars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static bool IsWellFormed(string token, HitKind kind) => IsWellFormed(token, kind == HitKind.Open ? TokenKind.Pixel : TokenKind.Link);

    public static bool IsWellFormed(string token, TokenKind kind) =>
        token.Length == 1 + GrainKeys.RandomLength
        && token[0] == GrainKeys.Prefix(kind)
        && !token.AsSpan(1).ContainsAnyExcept(Base62Chars);
}
