namespace Integration.Ledger.Reconciliation;

/// <summary>
/// Runs the reconciliation on a schedule (<c>Ledger:ReconcileInterval</c>, default 15 minutes; 0 turns it off) and
/// publishes the number of differences as a gauge, so a dashboard or alert sees the books drift without anyone asking.
/// </summary>
internal sealed partial class ReconciliationJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<ReconciliationJob> logger)
    : BackgroundService
{
    private static long _differences;

    /// <summary>Differences found by the last scheduled run.</summary>
    public static long Differences => Interlocked.Read(ref _differences);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Ledger:ReconcileInterval", TimeSpan.FromMinutes(15));
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<Reconciler>().RunAsync(null, stoppingToken);
                Interlocked.Exchange(ref _differences, result.Differences.Count);
                if (result.Differences.Count > 0)
                {
                    LogDifferences(logger, result.Differences.Count, result.OrdersChecked);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable: say so; the next run tries again.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled reconciliation found {Differences} differences over {Orders} orders; run Reconcile for the evidence")]
    private static partial void LogDifferences(ILogger logger, int differences, int orders);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled reconciliation failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
