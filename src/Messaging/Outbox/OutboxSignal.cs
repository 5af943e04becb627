using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Outbox;

/// <summary>Wakes the dispatcher as soon as a transaction with outbox rows commits, so latency is not the poll interval.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>
    /// For outbox rows written with the service's own SQL (not <see cref="IOutbox.Enqueue"/>, not
    /// <see cref="Storage.BatchInsert"/>, not an entity added to the context): the next commit of
    /// <paramref name="db"/>'s transaction (begun through <c>db.Database</c>) wakes the dispatcher. Without it the
    /// rows wait for the dispatcher's poll (<see cref="MessagingOptions.PollInterval"/>): only commits known to carry
    /// outbox rows wake it. Call it any time before the commit.
    /// </summary>
    public static void WakeOnCommit(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        OutboxWrites.Mark(db);
    }

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit already woke it: one wake-up covers both.
            }
        }
    }

    public void Dispose() => _signal.Dispose();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
