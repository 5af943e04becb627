using System.Text.Json;
using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Integration.Ledger.Demand;
using Integration.Ledger.Tax;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings.Handlers;

/// <summary>Placed: the Ledger learns the order (nothing posts until money or goods move), checks its tax, counts demand, and posts facts that were waiting for it.</summary>
internal sealed class OrderPlacedHandler(
    LedgerDbContext db, AccountMap accounts, DemandRecorder demand, HeldPostings held, IOutbox outbox, TimeProvider clock)
    : IEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced evt, EventContext context, CancellationToken ct)
    {
        if (await db.Set<LedgerOrder>().AnyAsync(o => o.OrderId == evt.OrderId, ct))
        {
            return;
        }

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
        db.Set<LedgerOrder>().Add(new LedgerOrder
        {
            OrderId = evt.OrderId, Channel = evt.Channel, Currency = evt.CurrencyCode, UpdatedAt = now,
            StateJson = JsonSerializer.Serialize(state),
            FactsJson = JsonSerializer.Serialize(new List<RecordedFact> { new(context.Type, context.EventId, JsonFormatter.Default.Format(evt)) }),
        });
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

        await held.ReleaseAsync(evt.OrderId, ct);
    }
}
