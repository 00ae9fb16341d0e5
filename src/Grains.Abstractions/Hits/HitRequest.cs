using System.Net;

namespace MailTracker.Hits;

/// <summary>What a hit endpoint saw of one request: a value, passed down the hit path and never kept.</summary>
public readonly record struct HitRequest(IPAddress? ClientIp, string? UserAgent, string? CustomData, string? RecipientToken, bool IsHead);
