namespace MailTracker.Diagnostics;

/// <summary>The hit path's bounded caches of a silo (HitLookups), as the <c>cache</c> tag of their metrics names them.</summary>
public enum HitCache
{
    TokenFacts,
    TokenImages,
    Recipients,
    Blacklists,
}
