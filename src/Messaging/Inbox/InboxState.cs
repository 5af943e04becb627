using Integration.Messaging.DeadLetters;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Inbox;

/// <summary>
/// What a consumer already knows of some events: processed, parked, or failing (with a counter). The ids go as one
/// parameter (<c>EF.Parameter</c>), not one per id.
/// </summary>
internal sealed record InboxState(IReadOnlySet<string> Processed, IReadOnlySet<string> Parked, IReadOnlySet<string> Failing)
{
    private const int KindProcessed = 0;
    private const int KindParked = 1;
    private const int KindFailing = 2;

    public static async Task<InboxState> ReadAsync(DbContext db, string consumer, IReadOnlyCollection<string> eventIds, CancellationToken ct) =>
        await ReadAsync(db, consumer, eventIds, failing: true, ct);

    /// <summary>
    /// One query (UNION ALL) for the three answers, not one each: a bulk delivery asks before its transaction and again
    /// inside it (there without <paramref name="failing"/>), so three statements per bulk were saved, and the one-by-one
    /// path asks for every event.
    /// </summary>
    public static async Task<InboxState> ReadAsync(DbContext db, string consumer, IReadOnlyCollection<string> eventIds, bool failing, CancellationToken ct)
    {
        var ids = eventIds.Distinct(StringComparer.Ordinal).ToList();
        var known = db.Set<InboxRecord>().AsNoTracking()
            .Where(r => r.Consumer == consumer && EF.Parameter(ids).Contains(r.EventId)).Select(r => new { r.EventId, Kind = KindProcessed })
            .Concat(ParkedIds(db, consumer, ids).Select(id => new { EventId = id, Kind = KindParked }));
        if (failing)
        {
            known = known.Concat(db.Set<InboxFailure>().AsNoTracking()
                .Where(f => f.Consumer == consumer && EF.Parameter(ids).Contains(f.EventId)).Select(f => new { f.EventId, Kind = KindFailing }));
        }

        var processed = new HashSet<string>(StringComparer.Ordinal);
        var parked = new HashSet<string>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await known.ToListAsync(ct))
        {
            (row.Kind == KindProcessed ? processed : row.Kind == KindParked ? parked : failed).Add(row.EventId);
        }

        return new InboxState(processed, parked, failed);
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
