using System.Collections.Concurrent;
using MailTracker.RateLimits;
using Microsoft.Extensions.Logging;

namespace MailTracker.Api.RateLimits;

/// <summary>This silo's allowances of the API keys it serves (<see cref="KeyAllowance"/>), one per key.</summary>
public sealed class ApiRateLimiter(IGrainFactory grains, TimeProvider time, ILogger<ApiRateLimiter> logger)
{
    private readonly ConcurrentDictionary<long, KeyAllowance> _keys = new();

    public ValueTask<RateDecision> TakeAsync(long keyId, long accountId, int? keyLimit) =>
        _keys.GetOrAdd(keyId, static (id, self) => new KeyAllowance(self.grains.GetGrain<IApiKeyRateGrain>(id), self.accountId, self.keyLimit, self.logger),
            (grains, accountId, keyLimit, logger)).TakeAsync(time);
}
