using Integration.Messaging.DeadLetters;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Inbox;

/// <summary>
/// What a consumer already knows of some events: processed, parked, or failing (with a counter). The ids go as one
/// parameter (<c>EF.Parameter</c>), not one per id.
/// </summary>
internal sealed record InboxState(IReadOnlySet<string> Processed, IReadOnlySet<string> Parked, IReadOnlySet<string> Failing)
{
    public static async Task<InboxState> ReadAsync(DbContext db, string consumer, IReadOnlyCollection<string> eventIds, CancellationToken ct)
    {
        var ids = eventIds.Distinct(StringComparer.Ordinal).ToList();
        var processed = await db.Set<InboxRecord>().AsNoTracking()
            .Where(r => r.Consumer == consumer && EF.Parameter(ids).Contains(r.EventId)).Select(r => r.EventId).ToListAsync(ct);
        var parked = await ParkedIds(db, consumer, ids).ToListAsync(ct);
        var failing = await db.Set<InboxFailure>().AsNoTracking()
            .Where(f => f.Consumer == consumer && EF.Parameter(ids).Contains(f.EventId)).Select(f => f.EventId).ToListAsync(ct);
        return new InboxState(processed.ToHashSet(StringComparer.Ordinal), parked.ToHashSet(StringComparer.Ordinal), failing.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The ids among <paramref name="ids"/> parked as this consumer's dead letters (awaiting an operator), whether the
    /// handler failed here or the sidecar gave up delivering them.
    /// </summary>
    public static IQueryable<string> ParkedIds(DbContext db, string consumer, IReadOnlyCollection<string> ids) =>
        db.Set<DeadLetter>().AsNoTracking()
            .Where(d => (d.Kind == DeadLetter.KindHandle || d.Kind == DeadLetter.KindDelivery) && d.Status == DeadLetter.StatusParked && d.Consumer == consumer && EF.Parameter(ids.ToArray()).Contains(d.EventId))
            .Select(d => d.EventId);
}
