using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Redis;

/// <summary>Pings Redis; a failure is reported with the registration's failure status (Degraded).</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (RedisException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable; falling back to the database guard alone", ex);
        }
    }
}
