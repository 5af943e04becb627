using System.Data.Common;
using Grpc.Core;
using Integration.Connectors.Channels;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Exceptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Applies stored deliveries. Wakes when one is stored and sweeps periodically (so a restart, or a delivery whose
/// backoff ran out, is picked up). Deliveries of one resource (one order, its fulfilments and refunds) are applied one
/// at a time in arrival order; different resources in parallel. A transient failure (the owning service unavailable
/// or slow) leaves the delivery stored and retries it with exponential backoff — for ever, never dropped — and holds
/// that resource's later deliveries behind it. The backoff is stored on the delivery (<c>NextAttemptAt</c>), so a
/// restart does not retry at once everything held behind a dependency that is down. A permanent failure (unmappable,
/// refused for good) marks it failed with an exception for an operator, who can replay it.
/// </summary>
public sealed partial class DeliveryProcessor(
    IServiceScopeFactory scopes, DeliverySignal signal, ChannelRegistry channels, WebhookMetrics metrics,
    IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<DeliveryProcessor> logger) : BackgroundService
{
    private const int SweepSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool busy;
            try
            {
                busy = await SweepAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down mid-call: what was not finished stays Received and is processed after the restart.
                return;
            }
            catch (Exception ex)
            {
                // The database itself failed: the deliveries are still stored; try again after a pause.
                LogSweepFailed(logger, ex);
                busy = false;
            }

            if (!busy)
            {
                try
                {
                    await signal.WaitAsync(NextWait(), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass over waiting deliveries; true when something was done (more may be waiting).</summary>
    public async Task<bool> SweepAsync(CancellationToken ct)
    {
        List<Waiting> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
            // Without the bodies (up to 2 MiB each): a sweep that finds everything in backoff must cost next to nothing.
            waiting = await db.Deliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Received).OrderBy(d => d.Id).Take(SweepSize)
                .Select(d => new Waiting(d.Id, d.Channel, d.ResourceId, d.NextAttemptAt))
                .ToListAsync(ct);
        }

        var now = clock.GetUtcNow();
        signal.Expire(now);
        var groups = new List<(string Key, List<Waiting> Runnable)>();
        foreach (var group in waiting.GroupBy(d => DeliverySignal.Group(d.Channel, d.ResourceId, d.Id), StringComparer.Ordinal))
        {
            // In arrival order up to the first delivery still in its backoff, which holds the later ones behind it.
            var runnable = group.TakeWhile(d => d.NextAttemptAt is not { } at || at <= now).ToList();
            if (group.Skip(runnable.Count).FirstOrDefault() is { NextAttemptAt: { } until })
            {
                signal.Hold(group.Key, until);
            }

            if (runnable.Count > 0)
            {
                groups.Add((group.Key, runnable));
            }
        }

        if (groups.Count == 0)
        {
            return false;
        }

        var done = 0;
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.CurrentValue.Parallelism), CancellationToken = ct }, async (group, token) =>
        {
            foreach (var delivery in group.Runnable)
            {
                if (!await ProcessAsync(delivery, group.Key, token))
                {
                    // Later deliveries of this resource wait behind the one that must be retried.
                    break;
                }

                Interlocked.Increment(ref done);
            }
        });
        return done > 0;
    }

    private async Task<bool> ProcessAsync(Waiting waiting, string group, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == waiting.Id && d.Status == DeliveryStatus.Received, ct);
        if (delivery is null)
        {
            // Processed meanwhile (another replica) or no longer waiting.
            return true;
        }

        delivery.Attempts++;
        try
        {
            var channel = channels.Find(delivery.Channel) ?? throw new MappingException($"channel {delivery.Channel} is no longer configured");
            var handler = scope.ServiceProvider.GetServices<IDeliveryHandler>().FirstOrDefault(h => h.Kind == delivery.Kind)
                ?? throw new MappingException($"no handler for {delivery.Kind} deliveries");
            await handler.HandleAsync(delivery, channel, ct);
            delivery.Status = DeliveryStatus.Processed;
            delivery.ProcessedAt = clock.GetUtcNow();
            delivery.LastError = null;
            delivery.NextAttemptAt = null;
            await db.SaveChangesAsync(CancellationToken.None);
            metrics.Processed(delivery.Channel, delivery.Topic, "processed");
            return true;
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Shutting down (a cancelled gRPC call is an RpcException, not an OperationCanceledException): the delivery
            // stays Received, unchanged, and is processed after the restart.
            throw;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            var delay = Delay(delivery.Attempts);
            delivery.LastError = Cut($"{ex.GetType().Name}: {ex.Message}");
            delivery.NextAttemptAt = clock.GetUtcNow() + delay;
            // Held in memory first: should storing the backoff fail too, this process still waits before retrying.
            signal.Hold(group, delivery.NextAttemptAt.Value);
            await db.SaveChangesAsync(CancellationToken.None);
            metrics.Processed(delivery.Channel, delivery.Topic, "retry");
            LogTransient(logger, delivery.Id, delivery.Channel, delivery.Topic, delay, ex.Message);
            return false;
        }
        catch (Exception ex)
        {
            var kind = ex is RpcException ? ExceptionKinds.Rejected : ExceptionKinds.MappingFailed;
            var reason = ex is RpcException rpc
                ? $"{delivery.Topic} delivery {delivery.Id}: the owning service refused it ({rpc.StatusCode}): {rpc.Status.Detail}"
                : $"{delivery.Topic} delivery {delivery.Id} could not be mapped: {ex.Message}. The raw body is on the delivery; fix the cause and replay it.";
            delivery.Status = DeliveryStatus.Failed;
            delivery.ProcessedAt = clock.GetUtcNow();
            delivery.LastError = Cut($"{ex.GetType().Name}: {ex.Message}");
            delivery.NextAttemptAt = null;
            var desk = scope.ServiceProvider.GetRequiredService<ExceptionDesk>();
            // One SaveChanges inside OpenAsync stores the failed status and the exception together.
            await desk.OpenAsync(delivery.Channel, kind, delivery.ResourceId ?? delivery.DeliveryKey, reason, delivery.Id, null, CancellationToken.None);
            metrics.Processed(delivery.Channel, delivery.Topic, "failed");
            metrics.MappingFailure(delivery.Channel, delivery.Topic);
            LogFailed(logger, delivery.Id, delivery.Channel, delivery.Topic, kind, ex.GetType().Name);
            return true;
        }
    }

    /// <summary>The owning service could not answer now; asking again later can succeed.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted
            // Cancelled while we are not stopping: the other side or a proxy gave up on the call.
            or StatusCode.Cancelled,
        HttpRequestException or IOException or TimeoutException or DbException or DbUpdateException => true,
        _ => false,
    };

    private TimeSpan Delay(int attempts) => Backoff(attempts, options.CurrentValue.RetryBaseDelay, options.CurrentValue.RetryMaxDelay);

    /// <summary>The wait after a delivery's <paramref name="attempts"/>-th transient failure: doubling from <paramref name="baseDelay"/>, at most <paramref name="maxDelay"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var delay = baseDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return delay < maxDelay ? delay : maxDelay;
    }

    private TimeSpan NextWait()
    {
        var wait = options.CurrentValue.SweepInterval;
        var now = clock.GetUtcNow();
        if (signal.Expire(now) is { } due && due - now < wait)
        {
            wait = due - now;
        }

        return wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait;
    }

    private sealed record Waiting(long Id, string Channel, string? ResourceId, DateTimeOffset? NextAttemptAt);

    private static string Cut(string text) => text.Length <= 4000 ? text : text[..4000];

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping stored webhook deliveries failed; retrying")]
    private static partial void LogSweepFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Channel} {Topic}) failed transiently, retry in {Delay}: {Error}")]
    private static partial void LogTransient(ILogger logger, long deliveryId, string channel, string topic, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Channel} {Topic}) failed for good: {Kind} ({ErrorType}); an exception is open")]
    private static partial void LogFailed(ILogger logger, long deliveryId, string channel, string topic, string kind, string errorType);
}
