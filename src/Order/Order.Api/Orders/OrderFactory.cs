using Integration.Order.Data.Orders;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>A new stored order from a validated input.</summary>
internal static class OrderFactory
{
    public static StoredOrder Create(OrderInput input, DateTime now)
    {
        // Time-ordered (UUIDv7; its "N" text sorts by creation time): every index keyed by the order id (the orders key,
        // lines, shipping lines, the outbox's aggregate key) then grows at its right edge, so a group commit writes a few
        // pages per index instead of one random page per order, and the WAL and checkpoints carry that much less.
        var id = Guid.CreateVersion7().ToString("N");
        return new StoredOrder
        {
            Id = id,
            Channel = input.Channel,
            ExternalOrderId = input.ExternalOrderId,
            OrderNumber = input.OrderNumber,
            Currency = input.Currency,
            PresentmentCurrency = input.PresentmentCurrency,
            TaxesIncluded = input.TaxesIncluded,
            CustomerReference = input.CustomerReference,
            Discounts = StoredJson.Write(input.Discounts.Select(d => new StoredJson.Discount(d.Code, d.Kind, StoredJson.Text(d.Amount))).ToList()),
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
                DiscountAllocations = l.Allocations.Count == 0
                    ? "[]"
                    : StoredJson.Write(l.Allocations.Select(a => new StoredJson.Allocation(StoredJson.Text(a.Amount), a.DiscountIndex)).ToList()),
                Position = i,
                TaxLines = ToTaxLines(l.TaxLines),
            }).ToList(),
            ShippingLines = input.ShippingLines.Select((s, i) => new ShippingLine
            {
                OrderId = id,
                Title = s.Title,
                Price = s.Price,
                Discount = s.Discount,
                Position = i,
                TaxLines = ToTaxLines(s.TaxLines),
            }).ToList(),
        };
    }

    private static List<TaxLine> ToTaxLines(IReadOnlyList<TaxInput> taxes) =>
        taxes.Select((t, i) => new TaxLine { Position = i, Title = t.Title, Rate = t.Rate, Amount = t.Amount }).ToList();
}
