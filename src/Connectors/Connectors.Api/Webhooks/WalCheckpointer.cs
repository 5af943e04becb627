using Integration.Connectors.Data;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// SQLite only: copies the WAL into the database file on its own connection, off the intake's commit path. By default
/// SQLite checkpoints inside the COMMIT that takes the WAL past 1,000 pages — with 19 KB webhook bodies about every
/// 200 deliveries — and that commit then also copies ~4 MB and waits for two fsyncs while every request of its batch,
/// and the batch queuing behind it, waits. Here the delivery writer says how much it wrote, and a passive checkpoint
/// (it never blocks the writer, nor waits for it) runs here, more often than SQLite's usual interval. The writer keeps a higher
/// automatic threshold as a bound on the WAL's size (<see cref="WriterAutoCheckpointPages"/>); when it fires, the
/// frames this one already copied are not copied again, so it costs the writer little.
/// </summary>
public sealed partial class WalCheckpointer(IServiceScopeFactory scopes, ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>
    /// A quarter of SQLite's own automatic interval (1,000 pages of 4 KiB): a checkpoint's syncs stall the intake's
    /// commits for a while that grows with what it copies. Webhook bench, paced 5,000/s, p99: 16 MiB 63–72 ms, 4 MiB
    /// 33–60 ms, 1 MiB 14–21 ms, 512 KiB 29–44 ms (too many syncs).
    /// </summary>
    public const long CheckpointEveryBytes = 1024 * 1024;

    /// <summary>
    /// The writer's own automatic checkpoint, a bound on the WAL (64 MiB) should this one fall behind. Under steady
    /// intake the passive checkpoints above never reach the WAL's end (the writer keeps appending), so the WAL grows to
    /// this bound; there the writer checkpoints inside its commits (WAL and database syncs) and restarts the WAL (a
    /// header sync). At 32 MiB that was 37-39 syncs in the writer's commits per benchmark run, at 64 MiB 16-25.
    /// </summary>
    public const int WriterAutoCheckpointPages = 16384;

    private readonly SemaphoreSlim _due = new(0, 1);
    private long _written;

    /// <summary>The delivery writer committed about <paramref name="bytes"/> bytes.</summary>
    public void Written(long bytes)
    {
        if (Interlocked.Add(ref _written, bytes) < CheckpointEveryBytes)
        {
            return;
        }

        Interlocked.Exchange(ref _written, 0);
        try
        {
            if (_due.CurrentCount == 0)
            {
                _due.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already due.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        if (!db.Database.IsSqlite())
        {
            return;
        }

        await db.Database.OpenConnectionAsync(stoppingToken);
        try
        {
            while (true)
            {
                await _due.WaitAsync(stoppingToken);
                try
                {
                    // PASSIVE: copies what no reader still needs, without waiting for the writer or readers.
                    var (log, copied) = await CheckpointAsync(db, "PASSIVE", stoppingToken);
                    LogCheckpointed(logger, log, copied);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The writer's own automatic checkpoint still bounds the WAL.
                    LogCheckpointFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Runs a checkpoint; its answer is the WAL's size in frames and how many of them are now in the database file.</summary>
    private static async Task<(long Log, long Copied)> CheckpointAsync(ConnectorsDbContext db, string mode, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(1), reader.GetInt64(2)) : (-1, -1);
    }

    public override void Dispose()
    {
        _due.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "WAL checkpoint: {Copied} of the WAL's {Frames} frames in the database file")]
    private static partial void LogCheckpointed(ILogger logger, long frames, long copied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background WAL checkpoint failed; the delivery writer's automatic checkpoint takes over")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception error);
}
