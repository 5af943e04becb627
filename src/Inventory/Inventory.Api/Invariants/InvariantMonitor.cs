using Integration.Inventory.Data;
using Integration.Inventory.Policies;
using Microsoft.Extensions.Options;

namespace Integration.Inventory.Invariants;

/// <summary>Runs the invariant check periodically so the violations metric (and its log line) stays current without anyone calling the RPC.</summary>
internal sealed partial class InvariantMonitor(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<InventoryOptions> options, ILogger<InvariantMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InvariantCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await new InvariantChecker(scope.ServiceProvider.GetRequiredService<InventoryDbContext>()).CheckAsync(stoppingToken);
                foreach (var v in result.Violations)
                {
                    LogViolation(logger, v.Invariant, v.Sku, v.LocationId, v.Evidence);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invariant {Invariant} violated for {Sku} at {LocationId}: {Evidence}")]
    private static partial void LogViolation(ILogger logger, string invariant, string sku, string locationId, string evidence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invariant check failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
