using System.Net;

namespace MailTracker.Hits;

/// <summary>What a hit endpoint saw of one request.</summary>
public sealed record HitRequest(IPAddress? ClientIp, string? UserAgent, string? CustomData, string? RecipientToken, bool IsHead);
