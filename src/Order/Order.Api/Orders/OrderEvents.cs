using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Order.Data.Orders;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>The events an order publishes.</summary>
internal static class OrderEvents
{
    /// <summary>All events of one order stay in order.</summary>
    public static string AggregateKey(string orderId) => $"order/{orderId}";

    public static Timestamp At(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static OrderPlaced Placed(StoredOrder order)
    {
        var evt = new OrderPlaced
        {
            OrderId = order.Id,
            Channel = order.Channel,
            ExternalOrderId = order.ExternalOrderId,
            OrderNumber = order.OrderNumber,
            CurrencyCode = order.Currency,
            PlacedAt = At(order.PlacedAt),
            OccurredAt = At(order.CreatedAt),
            TaxesIncluded = order.TaxesIncluded,
            Total = order.Total?.ToMoney(order.Currency),
            TotalTax = order.TotalTax?.ToMoney(order.Currency),
            PresentmentCurrencyCode = order.PresentmentCurrency,
        };
        foreach (var l in order.Lines.OrderBy(l => l.Position))
        {
            var line = new PlacedLine
            {
                LineId = l.ExternalLineId,
                Sku = l.Sku,
                Quantity = l.Quantity,
                UnitPrice = l.UnitPrice.ToMoney(order.Currency),
                TotalDiscount = l.TotalDiscount.ToMoney(order.Currency),
                Title = l.Title,
            };
            line.TaxLines.AddRange(Taxes(l.TaxLines, order.Currency));
            evt.Lines.Add(line);
        }

        foreach (var s in order.ShippingLines.OrderBy(s => s.Position))
        {
            var shipping = new PlacedShippingLine { Title = s.Title, Price = s.Price.ToMoney(order.Currency), Discount = s.Discount.ToMoney(order.Currency) };
            shipping.TaxLines.AddRange(Taxes(s.TaxLines, order.Currency));
            evt.ShippingLines.Add(shipping);
        }

        return evt;
    }

    private static IEnumerable<OrderTaxLine> Taxes(IEnumerable<TaxLine> taxes, string currency) =>
        taxes.OrderBy(t => t.Position).Select(t => new OrderTaxLine
        {
            Title = t.Title,
            Rate = t.Rate?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty,
            Amount = t.Amount.ToMoney(currency),
        });
}
