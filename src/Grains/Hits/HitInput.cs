using System.Net;
using MailTracker.Hits;

namespace MailTracker.Grains.Hits;

/// <summary>What the hit policy decides from: a request's fields, at request time or read back from its raw row.</summary>
/// <param name="Request">The verdict that the request alone shows (method, address, user agent), before the send time is known.</param>
public readonly record struct HitInput(Guid HitId, HitKind Kind, DateTimeOffset At, IPAddress? Ip, string? UserAgent, string? CustomData, BotVerdict Request);
