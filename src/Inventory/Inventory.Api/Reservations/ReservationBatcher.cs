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
/// commit then carries dozens of decisions instead of one. A batch that fails as a whole (a lost race on a
/// reservation id, a database hiccup) is decided again one request per transaction, so one bad request
/// fails alone.
/// </summary>
internal sealed partial class ReservationBatcher(
    IServiceScopeFactory scopes, ISkuLock skuLock, SqliteWriteGate writeGate, IOptions<InventoryOptions> options, ILogger<ReservationBatcher> logger)
    : BackgroundService
{
    private sealed record Request(ReserveCommand Command, TaskCompletionSource<ReserveOutcome> Done, CancellationToken Ct);

    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });

    public Task<ReserveOutcome> ReserveAsync(ReserveCommand command, CancellationToken ct)
    {
        var done = new TaskCompletionSource<ReserveOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Request(command, done, ct)))
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
        var skus = batch.SelectMany(r => r.Command.Skus).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        IAsyncDisposable? held = null;
        try
        {
            held = await skuLock.AcquireAsync(skus, ct);
            var outcomes = await RunAsync(batch, ct);
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i].Complete(batch[i].Done);
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
                    (await RunAsync([request], ct))[0].Complete(request.Done);
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
    private async Task<List<Result>> RunAsync(List<Request> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        using var gate = await writeGate.EnterAsync(db, ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            var decider = ActivatorUtilities.CreateInstance<ReservationDecider>(scope.ServiceProvider);
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await decider.PrefetchAsync(batch.Select(r => r.Command.ReservationId).Distinct(StringComparer.Ordinal).ToList(), token);
            var results = new List<Result>(batch.Count);
            foreach (var request in batch)
            {
                try
                {
                    results.Add(new Result(await decider.DecideAsync(request.Command, token), null));
                }
                catch (DomainException refused)
                {
                    // Thrown before the request changed anything.
                    results.Add(new Result(null, refused));
                }
            }

            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return results;
        }, ct);
    }

    private sealed record Result(ReserveOutcome? Outcome, Exception? Refusal)
    {
        public void Complete(TaskCompletionSource<ReserveOutcome> done)
        {
            if (Outcome is not null)
            {
                done.TrySetResult(Outcome);
            }
            else
            {
                done.TrySetException(Refusal!);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} reserve requests failed as a whole; deciding them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
