using Integration.Inventory.Data;
using Integration.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Stock;

/// <summary>
/// Runs one RPC's writes in one transaction: queued behind this process's other SQLite writers (the shared
/// write gate), under the provider's execution strategy, and again when a reservation changed underneath
/// (optimistic concurrency) — the work re-reads everything on each attempt.
/// </summary>
internal sealed class WriteRunner(InventoryDbContext db, SqliteWriteGate gate)
{
    private const int MaxAttempts = 5;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var entered = await gate.EnterAsync(db, ct);
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(token);
                    var result = await work(token);
                    await db.SaveChangesAsync(token);
                    await transaction.CommitAsync(token);
                    return result;
                }, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
