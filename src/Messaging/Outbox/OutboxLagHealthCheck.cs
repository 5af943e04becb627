using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Outbox;

/// <summary>Degraded (not down) when events wait in the outbox longer than the configured lag.</summary>
internal sealed class OutboxLagHealthCheck(OutboxBacklog backlog, IOptions<MessagingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lag = TimeSpan.FromSeconds(backlog.LagSeconds);
        var pending = backlog.Pending;
        var data = new Dictionary<string, object> { ["pending"] = pending, ["lag_seconds"] = lag.TotalSeconds };
        return Task.FromResult(lag > options.Value.LagDegradedAfter
            ? HealthCheckResult.Degraded($"{pending} events waiting; the oldest for {lag.TotalSeconds:F0} s", data: data)
            : HealthCheckResult.Healthy($"{pending} events waiting", data));
    }
}
