using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>The events an order publishes.</summary>
internal static class OrderEvents
{
    /// <summary>All events of one order stay in order.</summary>
    public static string AggregateKey(string orderId) => $"order/{orderId}";

    public static OrderPlaced Placed(StoredOrder order)
    {
        var evt = new OrderPlaced
        {
            OrderId = order.Id,
            Channel = order.Channel,
            ExternalOrderId = order.ExternalOrderId,
            OrderNumber = order.OrderNumber,
            CurrencyCode = order.Currency,
            PlacedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(order.PlacedAt, DateTimeKind.Utc)),
            OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(order.CreatedAt, DateTimeKind.Utc)),
        };
        evt.Lines.AddRange(order.Lines.OrderBy(l => l.Position).Select(l => new PlacedLine
        {
            LineId = l.ExternalLineId,
            Sku = l.Sku,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice.ToMoney(order.Currency),
        }));
        return evt;
    }
}
