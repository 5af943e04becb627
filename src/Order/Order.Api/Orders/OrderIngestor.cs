using Integration.Order.Data;
using Integration.Messaging.Outbox;
using Integration.Order.Data.Orders;
using Microsoft.EntityFrameworkCore;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>Stores a channel order exactly once per (channel, external order id); a repeat gets the stored order back unchanged.</summary>
internal sealed class OrderIngestor(OrderDbContext db, IOutbox outbox, TimeProvider clock)
{
    public async Task<(StoredOrder Order, bool Created)> IngestAsync(OrderInput input, CancellationToken ct)
    {
        var existing = await FindAsync(input, ct);
        if (existing is not null)
        {
            return (existing, false);
        }

        var order = Create(input, Instants.Truncate(clock.GetUtcNow().UtcDateTime));
        db.Orders.Add(order);
        // Committed with the order or not at all; a lost race below clears it with the order.
        outbox.Enqueue(OrderEvents.Placed(order), OrderEvents.AggregateKey(order.Id));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent ingest of the same order won the unique (channel, external id) index: its row is the order.
            // Any other failure leaves no such row and is rethrown.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(input, ct);
            if (winner is null)
            {
                throw;
            }

            return (winner, false);
        }

        return (order, true);
    }

    private Task<StoredOrder?> FindAsync(OrderInput input, CancellationToken ct) =>
        db.Orders.WithDetails().SingleOrDefaultAsync(o => o.Channel == input.Channel && o.ExternalOrderId == input.ExternalOrderId, ct);

    private static StoredOrder Create(OrderInput input, DateTime now)
    {
        var id = Guid.NewGuid().ToString("N");
        return new StoredOrder
        {
            Id = id,
            Channel = input.Channel,
            ExternalOrderId = input.ExternalOrderId,
            OrderNumber = input.OrderNumber,
            Currency = input.Currency,
            TaxesIncluded = input.TaxesIncluded,
            CustomerReference = input.CustomerReference,
            Subtotal = input.Totals.Subtotal,
            TotalDiscounts = input.Totals.TotalDiscounts,
            TotalShipping = input.Totals.TotalShipping,
            TotalTax = input.Totals.TotalTax,
            Total = input.Totals.Total,
            PlacedAt = input.PlacedAt,
            ChannelUpdatedAt = input.ChannelUpdatedAt,
            FinancialStatus = FinancialStatus.Pending,
            FulfillmentStatus = FulfillmentStatus.Unfulfilled,
            Cancelled = false,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            Lines = input.Lines.Select((l, i) => new OrderLine
            {
                OrderId = id,
                ExternalLineId = l.ExternalLineId,
                Sku = l.Sku,
                Title = l.Title,
                Quantity = l.Quantity,
                UnitPrice = l.UnitPrice,
                TotalDiscount = l.TotalDiscount,
                Position = i,
                TaxLines = ToTaxLines(l.TaxLines),
            }).ToList(),
            ShippingLines = input.ShippingLines.Select((s, i) => new ShippingLine
            {
                OrderId = id,
                Title = s.Title,
                Price = s.Price,
                Position = i,
                TaxLines = ToTaxLines(s.TaxLines),
            }).ToList(),
        };
    }

    private static List<TaxLine> ToTaxLines(IReadOnlyList<TaxInput> taxes) =>
        taxes.Select((t, i) => new TaxLine { Position = i, Title = t.Title, Rate = t.Rate, Amount = t.Amount }).ToList();
}
