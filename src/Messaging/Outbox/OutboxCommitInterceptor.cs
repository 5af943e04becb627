using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Integration.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher when a transaction that carried outbox rows commits (or a save of outbox rows without a
/// transaction completes), and only then. Waking it on every commit cost a lease round per commit in services whose
/// commits mostly carry no events (a webhook intake's group commits; every consumer transaction): 10 % of the
/// Connectors service's CPU. The rows are noticed where they are written: <see cref="IOutbox.Enqueue"/>,
/// <see cref="Storage.BatchInsert"/> of outbox rows, outbox entities added to the context any other way (looked for at
/// SaveChanges), and <see cref="OutboxSignal.WakeOnCommit"/> for rows written with the service's own SQL. The outbox's
/// own SavedChanges wake-up came too early inside an explicit transaction (nothing committed yet); this one comes after
/// the commit.
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteAddedRows(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        NoteAddedRows(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Committed(DbContext? context)
    {
        // A transaction of no known context: wake, to be safe.
        if (context is null || OutboxWrites.Take(context))
        {
            signal.Notify();
        }
    }

    private static void RolledBack(DbContext? context)
    {
        if (context is not null)
        {
            OutboxWrites.Take(context);
        }
    }

    /// <summary>
    /// A save outside any transaction has committed when it returns (one statement: EF opens no transaction for it).
    /// Inside one (the caller's, or EF's own, whose commit has already been seen) the commit decides.
    /// </summary>
    private void Saved(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null && OutboxWrites.Take(context))
        {
            signal.Notify();
        }
    }

    /// <summary>
    /// Outbox rows added to the context directly (<c>Set&lt;OutboxMessage&gt;().Add</c>) rather than through
    /// <see cref="IOutbox.Enqueue"/>. Entities are Added when added, so no change detection is needed (SaveChanges runs
    /// its own right after; a second pass over a large import's entities would cost).
    /// </summary>
    private static void NoteAddedRows(DbContext? context)
    {
        if (context is null || OutboxWrites.IsMarked(context))
        {
            return;
        }

        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries<OutboxMessage>())
            {
                if (entry.State == EntityState.Added)
                {
                    OutboxWrites.Mark(context);
                    return;
                }
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
