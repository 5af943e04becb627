using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Outbox;

/// <summary>
/// The dispatcher's queries: lease, complete, reschedule, prune. Id lists go as one parameter (<c>EF.Parameter</c>;
/// on SQLite a JSON array): EF Core 10 otherwise binds one parameter per id, a new SQL text per list length.
/// </summary>
internal static class OutboxStore
{
    /// <summary>
    /// Leases up to <paramref name="batchSize"/> due rows in id order (on SQLite one statement, <see cref="SqliteOutboxStatements"/>;
    /// elsewhere the LINQ below). A row is skipped while an older
    /// unpublished row of its aggregate is waiting for a retry or leased elsewhere, so one aggregate's
    /// events never overtake each other, across replicas too.
    /// </summary>
    public static Task<List<OutboxMessage>> LeaseAsync(
        DbContext db, string token, DateTime now, TimeSpan lease, int batchSize, CancellationToken ct) =>
        SqliteOutboxStatements.Applies(db)
            ? SqliteOutboxStatements.LeaseAsync(db, token, now, lease, batchSize, ct)
            : LeaseWithQueriesAsync(db, token, now, lease, batchSize, ct);

    /// <summary>The lease as LINQ, for the providers without a hand-written statement (SQL Server, PostgreSQL).</summary>
    internal static async Task<List<OutboxMessage>> LeaseWithQueriesAsync(
        DbContext db, string token, DateTime now, TimeSpan lease, int batchSize, CancellationToken ct)
    {
        var rows = db.Set<OutboxMessage>();
        // Every row below the oldest pending one is published or parked, so no sibling check needs to look further
        // back: without this bound each check walked its aggregate's whole published history (kept for the
        // retention period) through the (AggregateKey, Id) index — measured on SQLite, 2 s per lease at a million
        // published rows, 1 ms with it.
        var oldestPending = await rows.Where(m => m.PublishedAt == null && m.DeadLetteredAt == null).MinAsync(m => (long?)m.Id, ct);
        if (oldestPending is not { } from)
        {
            return [];
        }

        var candidates = await rows
            .Where(m => m.PublishedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now
                && (m.LeaseUntil == null || m.LeaseUntil < now))
            .Where(m => !rows.Any(e => e.AggregateKey == m.AggregateKey && e.Id < m.Id && e.Id >= from
                && e.PublishedAt == null && e.DeadLetteredAt == null
                && (e.NextAttemptAt > now || (e.LeaseUntil != null && e.LeaseUntil >= now))))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }

        var until = now + lease;
        // The conditional update is the lease: of two replicas racing for a row, one matches it. It re-checks every
        // condition of the candidate query, because another round may have finished with a row since it was read:
        // parked it (leasing it again published a dead letter's message behind the operator's back) or rescheduled it.
        await rows
            .Where(m => EF.Parameter(candidates).Contains(m.Id) && m.PublishedAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now
                && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, token).SetProperty(m => m.LeaseUntil, until), ct);
        // From here the rows are ours: finish reading and giving back even if the service is stopping, or a shutdown
        // between these statements leaves them leased for the whole LeaseDuration with nobody to release them.
        ct = CancellationToken.None;
        var leased = await rows.AsNoTracking()
            .Where(m => EF.Parameter(candidates).Contains(m.Id) && m.LeaseOwner == token)
            .OrderBy(m => m.Id)
            .ToListAsync(ct);

        // Another replica may have leased an older sibling between our two statements: give back
        // anything that would overtake a row we do not hold.
        var maxId = leased.Count > 0 ? leased[^1].Id : 0;
        var aggregates = leased.Select(m => m.AggregateKey).Distinct().ToList();
        var heldElsewhere = await rows.AsNoTracking()
            .Where(e => EF.Parameter(aggregates).Contains(e.AggregateKey) && e.Id < maxId && e.Id >= from && e.PublishedAt == null
                && e.DeadLetteredAt == null && (e.LeaseOwner == null || e.LeaseOwner != token))
            .GroupBy(e => e.AggregateKey)
            .Select(g => new { Aggregate = g.Key, MinId = g.Min(e => e.Id) })
            .ToListAsync(ct);
        if (heldElsewhere.Count == 0)
        {
            return leased;
        }

        var blockedFrom = heldElsewhere.ToDictionary(h => h.Aggregate, h => h.MinId, StringComparer.Ordinal);
        var giveBack = leased.Where(m => blockedFrom.TryGetValue(m.AggregateKey, out var min) && m.Id > min).Select(m => m.Id).ToList();
        await ReleaseAsync(db, token, giveBack, ct);
        return leased.Where(m => !giveBack.Contains(m.Id)).ToList();
    }

    public static Task ReleaseAsync(DbContext db, string token, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0
            ? Task.CompletedTask
            : SqliteOutboxStatements.Applies(db)
            ? SqliteOutboxStatements.ReleaseAsync(db, token, ids, ct)
            : db.Set<OutboxMessage>()
                .Where(m => EF.Parameter(ids.ToArray()).Contains(m.Id) && m.LeaseOwner == token)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), ct);

    public static Task MarkPublishedAsync(DbContext db, string token, IReadOnlyCollection<long> ids, DateTime now, CancellationToken ct) =>
        ids.Count == 0
            ? Task.CompletedTask
            : SqliteOutboxStatements.Applies(db)
            ? SqliteOutboxStatements.MarkPublishedAsync(db, token, ids, now, ct)
            : db.Set<OutboxMessage>()
                .Where(m => EF.Parameter(ids.ToArray()).Contains(m.Id) && m.LeaseOwner == token)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.PublishedAt, now)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTime?)null), ct);

    public static Task RescheduleAsync(DbContext db, string token, long id, int attempts, DateTime next, string error, CancellationToken ct) =>
        db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.LeaseOwner == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null), ct);

    public static async Task<(long Pending, DateTime? Oldest)> MeasureAsync(DbContext db, CancellationToken ct)
    {
        var pending = db.Set<OutboxMessage>().Where(m => m.PublishedAt == null && m.DeadLetteredAt == null);
        var count = await pending.LongCountAsync(ct);
        var oldest = count == 0 ? null : await pending.OrderBy(m => m.Id).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(ct);
        return (count, oldest);
    }

    public static Task<int> PruneAsync(DbContext db, DateTime publishedBefore, CancellationToken ct) =>
        db.Set<OutboxMessage>().Where(m => m.PublishedAt != null && m.PublishedAt < publishedBefore).ExecuteDeleteAsync(ct);
}
