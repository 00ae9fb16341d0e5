using MailTracker.Api.Http;
using MailTracker.Diagnostics;
using MailTracker.Hits;
using Microsoft.Extensions.Logging;

namespace MailTracker.Api.Hits;

/// <summary>
/// The singletons the hit endpoints use, resolved once when they are mapped: a hit then never touches the request's service
/// provider, which would create the request's DI scope (its feature, scope and resolved-services dictionary, ~300 B a hit).
/// </summary>
public sealed record HitEndpointServices(IHitIntake Intake, ClientIpResolver ClientIp, ILoggerFactory Logs, MailTrackerMetrics Metrics);
