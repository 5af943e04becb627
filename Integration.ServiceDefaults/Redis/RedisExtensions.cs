using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Redis;

/// <summary>Redis when the environment provides it (ConnectionStrings:redis); an explicit, logged fallback when not.</summary>
public static class RedisExtensions
{
    /// <summary>
    /// Registers <see cref="IConnectionMultiplexer"/> and a "redis" health check that reports
    /// Degraded (not Unhealthy) when Redis is unreachable: Redis speeds things up, correctness
    /// never depends on it. Returns false, and logs the fallback at start-up, when no connection
    /// string is configured.
    /// </summary>
    public static bool AddOptionalRedis(this IHostApplicationBuilder builder, string purpose, string connectionName = "redis")
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            builder.Services.AddHostedService(sp => new RedisFallbackNotice(
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RedisFallbackNotice>>(), purpose));
            return false;
        }

        var options = ConfigurationOptions.Parse(connectionString);
        // Start even when Redis is down; the multiplexer reconnects in the background.
        options.AbortOnConnectFail = false;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, ["ready"]);
        return true;
    }
}
