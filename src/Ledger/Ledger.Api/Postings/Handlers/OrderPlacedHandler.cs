using System.Text.Json;
using Integration.Contracts.Events.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Integration.Ledger.Demand;
using Integration.Ledger.Tax;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Storage;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings.Handlers;

/// <summary>Placed: the Ledger learns the order (nothing posts until money or goods move), checks its tax, counts demand, and posts facts that were waiting for it.</summary>
internal sealed class OrderPlacedHandler(
    LedgerDbContext db, AccountMap accounts, DemandRecorder demand, HeldPostings held, IOutbox outbox, TimeProvider clock)
    : IBulkEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced evt, EventContext context, CancellationToken ct)
    {
        if (await db.Set<LedgerOrder>().AnyAsync(o => o.OrderId == evt.OrderId, ct))
        {
            return;
        }

        db.Set<LedgerOrder>().Add(Learn(evt, context));
        await held.ReleaseAsync(evt.OrderId, ct);
    }

    /// <summary>As one by one: orders known already are skipped, the new ones inserted as a batch before their held facts post.</summary>
    public async Task HandleBulkAsync(IReadOnlyList<BulkEvent<OrderPlaced>> events, CancellationToken ct)
    {
        var ids = events.Select(e => e.Event.OrderId).Distinct(StringComparer.Ordinal).ToList();
        var known = (await db.Set<LedgerOrder>().AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.OrderId)).Select(o => o.OrderId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var added = new List<LedgerOrder>();
        foreach (var (evt, context) in events)
        {
            if (known.Add(evt.OrderId))
            {
                added.Add(Learn(evt, context));
            }
        }

        await BatchInsert.InsertAsync(db, added, ct);
        var addedIds = added.Select(o => o.OrderId).ToList();
        var waiting = (await db.Set<HeldPosting>().AsNoTracking().Where(h => EF.Parameter(addedIds).Contains(h.OrderId) && h.ReleasedAt == null)
            .Select(h => h.OrderId).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var order in addedIds.Where(waiting.Contains))
        {
            await held.ReleaseAsync(order, ct);
        }
    }

    /// <summary>The order as the Ledger keeps it, its demand and any tax mismatch staged (nothing is saved here).</summary>
    private LedgerOrder Learn(OrderPlaced evt, EventContext context)
    {
        OrderState state;
        try
        {
            state = OrderBook.Open(evt, accounts.Options);
        }
        catch (MappingMissingException ex)
        {
            throw new PermanentEventFailureException($"order {evt.OrderId} cannot be read: {ex.Message}", ex);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var order = new LedgerOrder
        {
            OrderId = evt.OrderId, Channel = evt.Channel, Currency = evt.CurrencyCode, UpdatedAt = now,
            StateJson = JsonSerializer.Serialize(state, PostingJson.State),
            FactsJson = JsonSerializer.Serialize([new RecordedFact(context.Type, context.EventId, FactJson.OrderFactFormat.Format(evt))], PostingJson.Facts),
        };
        var day = DateOnly.FromDateTime((evt.PlacedAt ?? evt.OccurredAt)?.ToDateTime() ?? now);
        foreach (var line in evt.Lines)
        {
            demand.Ordered(line.Sku, DemandRecorder.AnyLocation, day, line.Quantity);
        }

        var differences = TaxCheck.Differences(evt, accounts.Options.TaxToleranceMinorPerLine);
        if (differences.Count > 0)
        {
            var mismatch = new TaxMismatchDetected { OrderId = evt.OrderId, Channel = evt.Channel, OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(now) };
            mismatch.Differences.AddRange(differences);
            outbox.Enqueue(mismatch, $"order/{evt.OrderId}");
            PostingTelemetry.TaxMismatches.Add(1);
        }

        return order;
    }
}
