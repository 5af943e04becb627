using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Inbox;

/// <summary>
/// Queues this process's write transactions on a SQLite database in turn. SQLite has one write lock and
/// makes a waiter poll for it (busy_timeout sleeps of 1 to 100 ms), so dozens of parallel deliveries
/// spent most of their time asleep while the lock was free; handed over in order here, each starts
/// the moment the previous one commits. Writers outside it (the service's own SaveChanges, other replicas) still
/// meet SQLite's busy handler; gating a whole SaveChanges was measured slower (it serialises EF's own work too).
/// Other providers lock rows, not the database, and are not gated. One per service (its one database).
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async ValueTask<IDisposable?> EnterAsync(DbContext db, CancellationToken ct)
    {
        if (db.Database.ProviderName != "Microsoft.EntityFrameworkCore.Sqlite")
        {
            return null;
        }

        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
