using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.ServiceDefaults.Redis;

/// <summary>Says once, at start-up, that this replica runs without Redis and what that means.</summary>
internal sealed partial class RedisFallbackNotice(ILogger<RedisFallbackNotice> logger, string purpose) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogFallback(logger, purpose);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Redis configured (ConnectionStrings:redis): {Purpose} fall back to in-process, which serves a single replica only")]
    private static partial void LogFallback(ILogger logger, string purpose);
}
