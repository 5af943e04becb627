using System.Threading.Channels;

namespace Integration.Order.Orders;

/// <summary>
/// Group commit for IngestOrder. Concurrent calls queue here; one writer takes whatever has queued (up to
/// <see cref="MaxBatch"/>) and stores it in one transaction. SQLite has one write lock and a commit costs the same for one
/// order or a hundred, so under load the per-order cost falls to the inserts themselves; a lone call waits for nothing.
/// </summary>
internal sealed partial class IngestQueue(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IngestQueue> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

    public async Task<IngestResult> IngestAsync(OrderInput input, string? deliveryId, CancellationToken ct)
    {
        // The entity and its event are built here, on the caller's thread, so the one writer only stores.
        var now = clock.GetUtcNow().UtcDateTime;
        var item = BatchItem.Prepare(input, deliveryId, Instants.Truncate(now), now);
        var work = new Work(item, new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(work, ct);
        return await work.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Work>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var work))
            {
                batch.Add(work);
            }

            await RunAsync(batch, stoppingToken);
        }
    }

    private async Task RunAsync(List<Work> batch, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var ingestor = scope.ServiceProvider.GetRequiredService<OrderIngestor>();
            // A lone order takes the batch path too: its one-by-one fallback handles whatever is unusual.
            var results = await ingestor.IngestBatchAsync(batch.Select(w => w.Item).ToList(), ct);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1 && ex is not OperationCanceledException)
        {
            // One bad order must not fail its neighbours: each on its own, so only its own caller sees its error.
            LogBatchFailed(logger, batch.Count, ex);
            foreach (var work in batch)
            {
                await RunAsync([work], ct);
            }
        }
        catch (Exception ex)
        {
            foreach (var work in batch)
            {
                work.Done.TrySetException(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} orders failed; retrying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception error);

    private sealed record Work(BatchItem Item, TaskCompletionSource<IngestResult> Done);
}
