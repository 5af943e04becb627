using System.Data.Common;
using System.Threading.Channels;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Deliveries;
using Integration.Messaging.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Group commit of webhook deliveries. Each request waits until its delivery is durably stored (the 200 means "we
/// have it"), but concurrent requests share one transaction: one writer takes whatever has queued and stores it at
/// once. A commit costs about the same for one row or a hundred, so under load the cost per delivery falls to the
/// insert itself; a lone delivery waits for nothing.
/// </summary>
public sealed partial class DeliveryWriter(
    IServiceScopeFactory scopes, DeliverySignal signal, WalCheckpointer checkpointer, IOptions<WebhookOptions> options, TimeProvider clock,
    WebhookMetrics metrics, ILogger<DeliveryWriter> logger)
    : BackgroundService
{
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

    public async Task<StoreOutcome> StoreAsync(IncomingDelivery delivery, CancellationToken ct)
    {
        // Compressed here, on the request's own thread, not on the one writer every request waits for.
        var (stored, encoding) = DeliveryBody.Encode(delivery.Body);
        var work = new Work(delivery, stored, encoding, new TaskCompletionSource<StoreOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(work, ct);
        // The caller may give up (client gone); the row is stored regardless and the storefront's retry is a duplicate.
        return await work.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var max = Math.Max(1, options.Value.MaxWriteBatch);
        var batch = new List<Work>(max);
        // One context on one open connection for every batch (scope, context, pool lease and per-open pragmas once, not
        // per commit); a new one after a failed batch, in case the connection is what failed.
        WriterSession? session = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < max && _queue.Reader.TryRead(out var work))
                {
                    batch.Add(work);
                }

                session ??= await WriterSession.OpenAsync(scopes, stoppingToken);
                if (!await WriteAsync(session, batch, stoppingToken))
                {
                    await session.DisposeAsync();
                    session = null;
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>Stores the batch and answers its callers; false when it failed (each caller got the error).</summary>
    private async Task<bool> WriteAsync(WriterSession session, List<Work> batch, CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow();
            // The same delivery twice in one batch (a storefront retrying while the first is in flight): one row.
            var firsts = new Dictionary<(string, string), Work>();
            var repeats = new List<Work>();
            foreach (var work in batch)
            {
                if (!firsts.TryAdd((work.Delivery.Channel, work.Delivery.DeliveryKey), work))
                {
                    repeats.Add(work);
                }
            }

            var outcomes = new List<(Work Work, StoreOutcome Outcome)>(firsts.Count);
            var started = clock.GetTimestamp();
            var inserted = await InsertAllAsync(session.Db, firsts.Values, now, ct);
            var took = clock.GetElapsedTime(started);
            metrics.Committed(took);
            LogCommitted(logger, firsts.Count, took.TotalMilliseconds);
            if (inserted)
            {
                outcomes.AddRange(firsts.Values.Select(w => (w, StoreOutcome.Stored)));
            }
            else
            {
                // Some row is a redelivery of one stored earlier: each on its own, so only it is a duplicate.
                foreach (var work in firsts.Values)
                {
                    outcomes.Add((work, await InsertOneAsync(work, now, ct)));
                }
            }

            // Wake the processor before answering: what it may apply now is committed.
            signal.Stored(outcomes.Where(o => o.Outcome == StoreOutcome.Stored && !o.Work.Delivery.Ignored).Select(o => (o.Work.Delivery.Channel, o.Work.Delivery.ResourceId)), now);
            foreach (var (work, outcome) in outcomes)
            {
                work.Done.TrySetResult(outcome);
            }

            foreach (var work in repeats)
            {
                work.Done.TrySetResult(StoreOutcome.Duplicate);
            }

            if (session.Sqlite)
            {
                checkpointer.Written(firsts.Values.Sum(w => (long)w.Stored.Length + w.Delivery.HeadersJson.Length));
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogWriteFailed(logger, batch.Count, ex);
            foreach (var work in batch)
            {
                work.Done.TrySetException(ex);
            }

            return false;
        }
    }

    private static async Task<bool> InsertAllAsync(ConnectorsDbContext db, IEnumerable<Work> works, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            // One prepared INSERT per row in one transaction instead of EF's change tracking, which cost about as much
            // per delivery as everything else on the intake path together.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await BatchInsert.InsertAsync(db, works.Select(w => Row(w, now)).ToList(), ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbException)
        {
            // A unique-key violation rolled the whole batch back (the row-by-row path tells which); any other failure
            // shows up again there and is reported to the callers.
            return false;
        }
    }

    private async Task<StoreOutcome> InsertOneAsync(Work work, DateTimeOffset now, CancellationToken ct)
    {
        var delivery = work.Delivery;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        if (await Exists(db, delivery, ct))
        {
            return StoreOutcome.Duplicate;
        }

        db.Deliveries.Add(Row(work, now));
        try
        {
            await db.SaveChangesAsync(ct);
            return StoreOutcome.Stored;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // Another replica stored it between our check and our insert; anything else is a real failure.
            if (await Exists(db, delivery, ct))
            {
                return StoreOutcome.Duplicate;
            }

            throw;
        }
    }

    private static Task<bool> Exists(ConnectorsDbContext db, IncomingDelivery delivery, CancellationToken ct) =>
        db.Deliveries.AsNoTracking().AnyAsync(d => d.Channel == delivery.Channel && d.DeliveryKey == delivery.DeliveryKey, ct);

    private static WebhookDelivery Row(Work work, DateTimeOffset now) => new()
    {
        Channel = work.Delivery.Channel,
        Kind = work.Delivery.Kind,
        Topic = work.Delivery.Topic,
        DeliveryKey = work.Delivery.DeliveryKey,
        ResourceId = work.Delivery.ResourceId,
        Body = work.Stored,
        BodyEncoding = work.Encoding,
        BodySize = work.Delivery.Body.Length,
        HeadersJson = work.Delivery.HeadersJson,
        ReceivedAt = now,
        Status = work.Delivery.Ignored ? DeliveryStatus.Ignored : DeliveryStatus.Received,
        ProcessedAt = work.Delivery.Ignored ? now : null,
    };

    [LoggerMessage(Level = LogLevel.Trace, Message = "Group commit of {Count} webhook deliveries took {Milliseconds:F2} ms")]
    private static partial void LogCommitted(ILogger logger, int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a batch of {Count} webhook deliveries failed; each caller gets an error and the storefront retries")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception error);

    private sealed record Work(IncomingDelivery Delivery, byte[] Stored, BodyEncoding Encoding, TaskCompletionSource<StoreOutcome> Done);
}
