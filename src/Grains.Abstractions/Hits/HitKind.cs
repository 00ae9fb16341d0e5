namespace MailTracker.Hits;

public enum HitKind : byte
{
    /// <summary>A pixel was loaded.</summary>
    Open = 0,

    /// <summary>A trackable link was followed.</summary>
    Click = 1,
}
