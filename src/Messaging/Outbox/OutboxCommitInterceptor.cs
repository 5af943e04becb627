using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Integration.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher when a transaction on the service's context commits. The outbox's own
/// SavedChanges wake-up comes too early inside an explicit transaction (nothing is committed yet,
/// the dispatcher finds nothing and the event waits for the next poll); this one comes after the commit.
/// Like the event processor, it wakes on every commit: a wake-up with nothing to send costs one query.
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
