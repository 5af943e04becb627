using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Data.Reservations;
using Integration.Inventory.Locations;
using Integration.Inventory.Stock;
using Integration.Inventory.Telemetry;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Reservations;

/// <summary>
/// What a reserve request came to. <paramref name="Rejected"/> is the shortfall of a rejection decided just now (the
/// row keeps it as JSON; the answer is built from this copy rather than by parsing that JSON back).
/// </summary>
internal sealed record ReserveOutcome(Data.Reservations.Reservation Reservation, bool Duplicate, IReadOnlyList<Shortfall>? Rejected = null);

/// <summary>
/// Decides reserve requests inside the caller's transaction (a group-commit batch, or an order event's
/// inbox transaction). Allocation plans from figures read moments ago; each planned line is then taken by
/// the conditional UPDATE, the one place that decides. If the guard refuses a line (another replica got
/// there first), the lines taken are given back and the plan is made again from fresh figures. The caller
/// saves and commits; a rollback undoes every line and event together.
/// </summary>
internal sealed class ReservationDecider(InventoryDbContext db, IOutbox outbox, LocationDirectory locations, TimeProvider clock)
{
    private const int MaxAttempts = 4;

    private readonly StockSql _sql = new(db);
    private readonly Dictionary<string, List<LevelFigures>> _levels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Data.Reservations.Reservation?> _known = new(StringComparer.Ordinal);

    /// <summary>Looks up earlier decisions of many ids in one query (the batch path).</summary>
    public async Task PrefetchAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var found = await db.Reservations.AsNoTracking().Include(r => r.Lines).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        foreach (var id in ids)
        {
            _known[id] = null;
        }

        foreach (var reservation in found)
        {
            _known[reservation.Id] = reservation;
        }
    }

    public async Task<ReserveOutcome> DecideAsync(ReserveCommand command, CancellationToken ct)
    {
        if (!_known.TryGetValue(command.ReservationId, out var existing))
        {
            existing = await db.Reservations.AsNoTracking().Include(r => r.Lines).SingleOrDefaultAsync(r => r.Id == command.ReservationId, ct);
        }

        if (existing is not null)
        {
            return Replay(existing, command.Hash());
        }

        var directory = await locations.GetAsync(db, ct);
        AllocationPlan plan = new([], []);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var candidates = await CandidatesAsync(command, directory, refresh: attempt > 0, ct);
            plan = Allocator.Plan(command.Lines, candidates, command.Strategy);
            if (!plan.Granted)
            {
                break;
            }

            var taken = await TakeAsync(plan, ct);
            if (taken is not null)
            {
                return Grant(command, plan, taken);
            }

            InventoryTelemetry.GuardRetries.Add(1);
        }

        if (plan.Granted)
        {
            // Every plan was overtaken by other writers; the last figures say how much was there.
            var candidates = await CandidatesAsync(command, directory, refresh: true, ct);
            plan = Allocator.Plan(command.Lines, candidates, command.Strategy);
            plan = plan.Granted ? new AllocationPlan([], command.Lines.Select(l => new Shortfall(l.Index, l.Sku, l.Quantity, 0)).ToList()) : plan;
        }

        return Reject(command, plan.Rejected);
    }

    private static ReserveOutcome Replay(Data.Reservations.Reservation existing, string hash) =>
        IsReplay(existing, hash) ? new ReserveOutcome(existing, Duplicate: true) : throw Reused(existing);

    /// <summary>Whether a request with <paramref name="hash"/> repeats the one that made <paramref name="existing"/>.</summary>
    public static bool IsReplay(Data.Reservations.Reservation existing, string hash) => string.Equals(existing.RequestHash, hash, StringComparison.Ordinal);

    /// <summary>The refusal of an id reused with another body.</summary>
    public static ConflictException Reused(Data.Reservations.Reservation existing) =>
        new($"reservation '{existing.Id}' was already made with a different body (order '{existing.OrderId}', {existing.Lines.Count} lines, {existing.State})");

    /// <summary>Takes every planned line through the guard; on the first refusal gives back what was taken and returns null.</summary>
    private async Task<List<(Allocated Line, LevelFigures After)>?> TakeAsync(AllocationPlan plan, CancellationToken ct)
    {
        var taken = new List<(Allocated, LevelFigures)>();
        // A fixed order (SKU, location) so two transactions on PostgreSQL lock rows in the same order.
        foreach (var line in plan.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).ThenBy(l => l.LocationId, StringComparer.Ordinal))
        {
            var after = await _sql.TryReserveAsync(line.Sku, line.LocationId, line.Quantity, ct);
            if (after is null)
            {
                foreach (var (done, _) in taken)
                {
                    Remember(await _sql.ReleaseAsync(done.Sku, done.LocationId, done.Quantity, ct));
                }

                _levels.Remove(line.Sku);
                return null;
            }

            Remember(after);
            taken.Add((line, after.Value));
        }

        return taken;
    }

    private ReserveOutcome Grant(ReserveCommand command, AllocationPlan plan, List<(Allocated Line, LevelFigures After)> taken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reservation = New(command, command.State, now);
        reservation.ExpiresAt = command.State == ReservationStates.Pending && command.HoldFor is { } hold ? now + hold : null;
        var lineNo = 0;
        // Lines in the plan's order (request line, then allocation order), not the locking order they were taken in.
        foreach (var (line, after) in taken.OrderBy(t => plan.Lines.ToList().IndexOf(t.Line)))
        {
            reservation.Lines.Add(new Data.Reservations.ReservationLine
            {
                ReservationId = reservation.Id, LineNo = ++lineNo, Sku = line.Sku, LocationId = line.LocationId, Quantity = line.Quantity,
                Backordered = after.Available < 0,
            });
        }

        db.Reservations.Add(reservation);
        outbox.Enqueue(ReservationEvents.Reserved(reservation), ReservationEvents.AggregateKey(reservation.Id));
        _known[reservation.Id] = reservation;
        InventoryTelemetry.Granted.Add(1);
        return new ReserveOutcome(reservation, Duplicate: false);
    }

    private ReserveOutcome Reject(ReserveCommand command, IReadOnlyList<Shortfall> rejected)
    {
        var reservation = New(command, ReservationStates.Rejected, clock.GetUtcNow().UtcDateTime);
        reservation.RejectedLines = ReservationMapping.SerializeRejected(rejected);
        db.Reservations.Add(reservation);
        outbox.Enqueue(ReservationEvents.Rejected(reservation, rejected), ReservationEvents.AggregateKey(reservation.Id));
        _known[reservation.Id] = reservation;
        InventoryTelemetry.Rejected.Add(1);
        return new ReserveOutcome(reservation, Duplicate: false, rejected);
    }

    private static Data.Reservations.Reservation New(ReserveCommand command, string state, DateTime now) => New(command, state, now, command.Hash());

    /// <summary>A new reservation row for <paramref name="command"/> (<paramref name="hash"/> is its <see cref="ReserveCommand.Hash"/>).</summary>
    public static Data.Reservations.Reservation New(ReserveCommand command, string state, DateTime now, string hash) => new()
    {
        Id = command.ReservationId,
        OrderId = command.OrderId,
        Channel = command.Channel,
        State = state,
        Allocation = command.Strategy.ToString(),
        RequestHash = hash,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private async Task<Dictionary<string, IReadOnlyList<Candidate>>> CandidatesAsync(
        ReserveCommand command, IReadOnlyDictionary<string, LocationInfo> directory, bool refresh, CancellationToken ct)
    {
        var candidates = new Dictionary<string, IReadOnlyList<Candidate>>(StringComparer.Ordinal);
        foreach (var sku in command.Skus)
        {
            if (refresh || !_levels.TryGetValue(sku, out var levels))
            {
                levels = await _sql.ReadAsync(sku, ct);
                _levels[sku] = levels;
            }

            candidates[sku] = Candidate.InAllocationOrder(levels, directory);
        }

        return candidates;
    }

    /// <summary>Keeps the batch's view of a level current with what a statement returned.</summary>
    private void Remember(LevelFigures? figures)
    {
        if (figures is not { } f || !_levels.TryGetValue(f.Sku, out var levels))
        {
            return;
        }

        var i = levels.FindIndex(l => l.LocationId == f.LocationId);
        if (i >= 0)
        {
            levels[i] = f;
        }
    }
}
