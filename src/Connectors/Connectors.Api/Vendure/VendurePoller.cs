using System.Diagnostics;
using Integration.Connectors.Channels;
using Microsoft.Extensions.Options;

namespace Integration.Connectors.Vendure;

/// <summary>
/// Polls every channel of kind <c>vendure</c> (Vendure has no webhooks): new orders each <see cref="VendurePollingOptions.PollInterval"/>,
/// open orders and recently closed ones on their own intervals. A failing channel (Vendure down, the Order service
/// unreachable) is logged and tried again next round; nothing is skipped because the cursor did not move.
/// </summary>
internal sealed partial class VendurePoller(
    ChannelRegistry channels, VendureClients clients, VendureOrderSync sync, VendureMetrics metrics, TimeProvider clock,
    IOptions<VendurePollingOptions> options, ILogger<VendurePoller> logger) : BackgroundService
{
    private readonly Dictionary<(string Channel, string Pass), DateTimeOffset> _lastRun = [];
    private readonly HashSet<string> _unconfigured = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            foreach (var (name, channel) in channels.OfKind("vendure").ToList())
            {
                if (channel.ApiUrl is null)
                {
                    // Configured but not connected yet: said once, not every round.
                    if (_unconfigured.Add(name))
                    {
                        LogNoApiUrl(logger, name);
                    }

                    continue;
                }

                var client = clients.For(name, channel);
                await RunAsync(name, "new", TimeSpan.Zero, () => sync.PollNewOrdersAsync(name, channel, client, stoppingToken));
                await RunAsync(name, "open", options.Value.OpenOrderSweepInterval, () => sync.SweepOpenOrdersAsync(name, channel, client, stoppingToken));
                await RunAsync(name, "closed", options.Value.ClosedOrderSweepInterval, () => sync.SweepClosedOrdersAsync(name, channel, client, stoppingToken));
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task RunAsync(string channel, string pass, TimeSpan interval, Func<Task<int>> poll)
    {
        var now = clock.GetUtcNow();
        if (interval > TimeSpan.Zero && _lastRun.TryGetValue((channel, pass), out var last) && now - last < interval)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var synced = await poll();
            _lastRun[(channel, pass)] = now;
            metrics.Poll(channel, pass, "ok", Stopwatch.GetElapsedTime(started));
            if (synced > 0)
            {
                LogPolled(logger, channel, pass, synced);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Poll(channel, pass, "failed", Stopwatch.GetElapsedTime(started));
            LogPollFailed(logger, channel, pass, ex.Message, ex);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vendure channel {Channel} has no ApiUrl (its Admin API address): not polled")]
    private static partial void LogNoApiUrl(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vendure channel {Channel} ({Pass} orders): {Synced} order(s) sent to the Order service")]
    private static partial void LogPolled(ILogger logger, string channel, string pass, int synced);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vendure channel {Channel} ({Pass} orders): poll failed, trying again next round: {Error}")]
    private static partial void LogPollFailed(ILogger logger, string channel, string pass, string error, Exception exception);
}

/// <summary>An Admin API client per Vendure channel, over the "vendure" HTTP client (service defaults: retries with backoff).</summary>
internal sealed class VendureClients(IHttpClientFactory http, VendureSessions sessions, ILoggerFactory loggers)
{
    public VendureAdminClient For(string name, ChannelOptions channel) =>
        new(http.CreateClient(VendureAdminClient.HttpClientName), sessions, name, channel, loggers.CreateLogger<VendureAdminClient>());
}
