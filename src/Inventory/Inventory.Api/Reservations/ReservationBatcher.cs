using System.Diagnostics;
using System.Threading.Channels;
using Integration.Inventory.Data;
using Integration.Inventory.Locks;
using Integration.Inventory.Policies;
using Integration.Inventory.Telemetry;
using Integration.Messaging.Inbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Inventory.Reservations;

/// <summary>
/// Group commit for reserve requests: whatever arrived while the previous transaction committed is decided
/// in the next one, each request through the database guard in turn, and answered after the commit. One
/// commit then carries dozens of decisions instead of one, planned together by <see cref="ReservationBatchDecider"/>
/// (one guard statement per level, rows inserted in bulk); when the guard refuses that plan, the batch is decided
/// again request by request by <see cref="ReservationDecider"/> in the same transaction. A batch that fails as a whole (a lost race on a
/// reservation id, a database hiccup) is decided again one request per transaction, so one bad request
/// fails alone.
/// </summary>
internal sealed partial class ReservationBatcher(
    IServiceScopeFactory scopes, ISkuLock skuLock, SqliteWriteGate writeGate, IOptions<InventoryOptions> options, ILogger<ReservationBatcher> logger)
    : BackgroundService
{
    private sealed record Request(BatchItem Item, TaskCompletionSource<ReserveOutcome> Done, CancellationToken Ct);

    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });

    public Task<ReserveOutcome> ReserveAsync(ReserveCommand command, CancellationToken ct)
    {
        var done = new TaskCompletionSource<ReserveOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The events carry the trace of the call that asked, not the batcher's.
        if (!_queue.Writer.TryWrite(new Request(new BatchItem(command, Activity.Current?.Id), done, ct)))
        {
            throw new InvalidOperationException("the reservation queue is closed (shutting down)");
        }

        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var max = Math.Max(1, options.Value.Reservations.MaxBatch);
        var batch = new List<Request>(max);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < max && _queue.Reader.TryRead(out var request))
                {
                    if (request.Ct.IsCancellationRequested)
                    {
                        // The caller is gone; nothing was decided for it.
                        request.Done.TrySetCanceled(request.Ct);
                        continue;
                    }

                    batch.Add(request);
                }

                if (batch.Count > 0)
                {
                    await DecideAsync(batch, stoppingToken);
                }
            }
        }
        finally
        {
            // Shutting down: nobody waits for an answer that will never come.
            _queue.Writer.TryComplete();
            var stopped = new OperationCanceledException("the service is shutting down");
            batch.ForEach(r => r.Done.TrySetException(stopped));
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetException(stopped);
            }
        }
    }

    private async Task DecideAsync(List<Request> batch, CancellationToken ct)
    {
        InventoryTelemetry.BatchSize.Record(batch.Count);
        var skus = batch.SelectMany(r => r.Item.Command.Skus).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        IAsyncDisposable? held = null;
        try
        {
            held = await skuLock.AcquireAsync(skus, ct);
            var outcomes = await RunAsync(batch, ct);
            for (var i = 0; i < batch.Count; i++)
            {
                Complete(outcomes[i], batch[i].Done);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetException(ex);
                return;
            }

            LogBatchFailed(logger, batch.Count, ex);
            foreach (var request in batch)
            {
                try
                {
                    Complete((await RunAsync([request], ct))[0], request.Done);
                }
                catch (Exception single) when (!ct.IsCancellationRequested)
                {
                    request.Done.TrySetException(single);
                }
            }
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync();
            }
        }
    }

    /// <summary>One transaction for the whole batch; domain refusals (a reused id) stay per request.</summary>
    private async Task<List<BatchResult>> RunAsync(List<Request> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var items = batch.ConvertAll(r => r.Item);
        using var gate = await writeGate.EnterAsync(db, ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var results = await ActivatorUtilities.CreateInstance<ReservationBatchDecider>(scope.ServiceProvider).TryDecideAsync(items, token)
                ?? await OneByOneAsync(ActivatorUtilities.CreateInstance<ReservationDecider>(scope.ServiceProvider), items, token);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return results;
        }, ct);
    }

    /// <summary>Each request through the guard in turn, re-planned from fresh figures when another writer got there first.</summary>
    internal static async Task<List<BatchResult>> OneByOneAsync(ReservationDecider decider, List<BatchItem> items, CancellationToken ct)
    {
        await decider.PrefetchAsync(items.Select(i => i.Command.ReservationId).Distinct(StringComparer.Ordinal).ToList(), ct);
        var results = new List<BatchResult>(items.Count);
        foreach (var item in items)
        {
            try
            {
                results.Add(new BatchResult(await decider.DecideAsync(item.Command, ct), null));
            }
            catch (DomainException refused)
            {
                // Thrown before the request changed anything.
                results.Add(new BatchResult(null, refused));
            }
        }

        return results;
    }

    private static void Complete(BatchResult result, TaskCompletionSource<ReserveOutcome> done)
    {
        if (result.Outcome is not null)
        {
            done.TrySetResult(result.Outcome);
        }
        else
        {
            done.TrySetException(result.Refusal!);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} reserve requests failed as a whole; deciding them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
