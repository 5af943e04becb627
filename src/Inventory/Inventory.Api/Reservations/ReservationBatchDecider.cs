using Integration.Inventory.Data;
using Integration.Inventory.Data.Reservations;
using Integration.Inventory.Locations;
using Integration.Inventory.Stock;
using Integration.Inventory.Telemetry;
using Integration.Messaging.Outbox;
using Integration.Messaging.Storage;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Reservations;

/// <summary>A queued reserve request: the command and the trace of the call that sent it (its events carry that trace).</summary>
internal sealed record BatchItem(ReserveCommand Command, string? TraceParent);

/// <summary>What one request of a batch came to: an outcome, or the domain refusal (a reused id) raised before it changed anything.</summary>
internal sealed record BatchResult(ReserveOutcome? Outcome, Exception? Refusal);

/// <summary>
/// Decides a whole group-commit batch with one guard statement per SKU and location instead of one per line, and
/// writes its reservations, lines and outbox rows as batched INSERTs on the transaction's connection (EF change
/// tracking and SaveChanges cost ~20 µs a row; a flash sale is 50 rows a millisecond, mostly rejections).
/// <para>
/// The requests are planned in order against the figures read at the start (plus what the batch itself took), so
/// rejections cost no statement at all. The grants are then taken with the same conditional UPDATE as one request
/// would use, for the sum of the batch's units at each level: if the database refuses one (another writer changed
/// the stock since it was read, e.g. a replica on PostgreSQL), what was taken is given back and the caller decides
/// the batch again one request at a time with <see cref="ReservationDecider"/>, in the same transaction. So the
/// guard still decides every unit. Same rows and events as <see cref="ReservationDecider"/> (a property test
/// compares the two), except that a level's version grows once per batch rather than once per line.
/// </para>
/// </summary>
internal sealed class ReservationBatchDecider(InventoryDbContext db, LocationDirectory locations, TimeProvider clock)
{
    private readonly StockSql _sql = new(db);

    /// <summary>The results in request order, or null when the guard refused the batch's plan (nothing changed then).</summary>
    public async Task<List<BatchResult>?> TryDecideAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var known = await PrefetchAsync(batch, ct);
        var view = await StockView.ReadAsync(_sql, batch.SelectMany(i => i.Command.Lines.Select(l => l.Sku)), await locations.GetAsync(db, ct), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var results = new List<BatchResult>(batch.Count);
        var decided = new List<(Reservation Reservation, IReadOnlyList<Shortfall>? Rejected, string? TraceParent)>(batch.Count);
        foreach (var (command, traceParent) in batch)
        {
            var hash = command.Hash();
            if (known.TryGetValue(command.ReservationId, out var existing))
            {
                results.Add(ReservationDecider.IsReplay(existing, hash)
                    ? new BatchResult(new ReserveOutcome(existing, Duplicate: true), null)
                    : new BatchResult(null, ReservationDecider.Reused(existing)));
                continue;
            }

            var plan = Allocator.Plan(command.Lines, view.CandidatesFor(command), command.Strategy);
            Reservation reservation;
            if (plan.Granted)
            {
                reservation = ReservationDecider.New(command, command.State, now, hash);
                reservation.ExpiresAt = command.State == ReservationStates.Pending && command.HoldFor is { } hold ? now + hold : null;
                var lineNo = 0;
                foreach (var line in plan.Lines)
                {
                    reservation.Lines.Add(new ReservationLine
                    {
                        ReservationId = reservation.Id, LineNo = ++lineNo, Sku = line.Sku, LocationId = line.LocationId, Quantity = line.Quantity,
                    });
                    view.Take(line.Sku, line.LocationId, line.Quantity);
                }
            }
            else
            {
                reservation = ReservationDecider.New(command, ReservationStates.Rejected, now, hash);
                reservation.RejectedLines = ReservationMapping.SerializeRejected(plan.Rejected);
            }

            known[reservation.Id] = reservation;
            decided.Add((reservation, plan.Granted ? null : plan.Rejected, traceParent));
            results.Add(new BatchResult(new ReserveOutcome(reservation, Duplicate: false, plan.Granted ? null : plan.Rejected), null));
        }

        if (!await TakeAsync(decided.Where(d => d.Rejected is null).Select(d => d.Reservation), ct))
        {
            return null;
        }

        await WriteAsync(decided, now, ct);
        return results;
    }

    /// <summary>Earlier decisions of the batch's ids, in one query (the ids go as one JSON parameter, not one parameter each).</summary>
    private async Task<Dictionary<string, Reservation>> PrefetchAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var ids = batch.Select(i => i.Command.ReservationId).Distinct(StringComparer.Ordinal).ToList();
        return await db.Reservations.AsNoTracking().Include(r => r.Lines).Where(r => EF.Parameter(ids).Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, ct);
    }

    /// <summary>
    /// Takes the granted lines' units through the guard, one statement per level (in SKU, location order, so two
    /// transactions on PostgreSQL lock rows in the same order), and marks backordered lines from the figures the
    /// statement returned. False, with everything given back, when the guard refuses a level.
    /// </summary>
    private async Task<bool> TakeAsync(IEnumerable<Reservation> granted, CancellationToken ct)
    {
        var byLevel = new SortedDictionary<(string Sku, string LocationId), List<ReservationLine>>(LevelOrder.Instance);
        foreach (var line in granted.SelectMany(r => r.Lines))
        {
            if (!byLevel.TryGetValue((line.Sku, line.LocationId), out var lines))
            {
                byLevel[(line.Sku, line.LocationId)] = lines = [];
            }

            lines.Add(line);
        }

        var taken = new List<(string Sku, string LocationId, long Units)>(byLevel.Count);
        foreach (var ((sku, locationId), lines) in byLevel)
        {
            var units = lines.Sum(l => l.Quantity);
            if (await _sql.TryReserveAsync(sku, locationId, units, ct) is not { } after)
            {
                foreach (var (s, l, u) in taken)
                {
                    await _sql.ReleaseAsync(s, l, u, ct);
                }

                InventoryTelemetry.GuardRetries.Add(1);
                return false;
            }

            taken.Add((sku, locationId, units));
            // The batch's lines took their units one after another: what was left after each is the final figure
            // plus the units of the lines after it (as if each line had been its own statement).
            var left = after.Available;
            for (var i = lines.Count - 1; i >= 0; i--)
            {
                lines[i].Backordered = left < 0;
                left += lines[i].Quantity;
            }
        }

        return true;
    }

    /// <summary>The batch's rows and events, inserted in decision order within the caller's transaction.</summary>
    private async Task WriteAsync(List<(Reservation Reservation, IReadOnlyList<Shortfall>? Rejected, string? TraceParent)> decided, DateTime now, CancellationToken ct)
    {
        var outbox = new List<OutboxMessage>(decided.Count);
        foreach (var (reservation, rejected, traceParent) in decided)
        {
            Google.Protobuf.IMessage evt = rejected is null ? ReservationEvents.Reserved(reservation) : ReservationEvents.Rejected(reservation, rejected);
            outbox.Add(OutboxMessage.For(evt, ReservationEvents.AggregateKey(reservation.Id), now, traceParent));
            (rejected is null ? InventoryTelemetry.Granted : InventoryTelemetry.Rejected).Add(1);
        }

        await BatchInsert.InsertAsync(db, decided.Select(d => d.Reservation).ToList(), ct);
        await BatchInsert.InsertAsync(db, decided.SelectMany(d => d.Reservation.Lines).ToList(), ct);
        await BatchInsert.InsertAsync(db, outbox, ct);
    }

    private sealed class LevelOrder : IComparer<(string Sku, string LocationId)>
    {
        public static readonly LevelOrder Instance = new();

        public int Compare((string Sku, string LocationId) x, (string Sku, string LocationId) y)
        {
            var bySku = string.CompareOrdinal(x.Sku, y.Sku);
            return bySku != 0 ? bySku : string.CompareOrdinal(x.LocationId, y.LocationId);
        }
    }
}
