using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;
using Integration.Order.Data;
using Integration.Order.Data.Facts;
using Integration.Order.Orders;
using Microsoft.EntityFrameworkCore;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Events;

/// <summary>
/// Where an order's events go: the outbox, or, while a blocking exception holds the order, the held-events table
/// (same transaction either way), moved to the outbox in their order when the order is released.
/// </summary>
internal sealed class OrderEventSink(OrderDbContext db, IOutbox outbox, TimeProvider clock)
{
    private static readonly string PlacedType = EventTypes.Of<OrderPlaced>();

    public void Emit(StoredOrder order, IMessage evt)
    {
        if (order.Held)
        {
            db.HeldEvents.Add(new HeldEvent { OrderId = order.Id, Type = EventTypes.Of(evt), Data = EventJson.Format(evt), CreatedAt = clock.GetUtcNow().UtcDateTime });
            return;
        }

        outbox.Enqueue(evt, OrderEvents.AggregateKey(order.Id));
    }

    /// <summary>Publishes what was held, in order. A held OrderPlaced is rebuilt from the order, so corrected SKUs go out.</summary>
    public async Task ReleaseAsync(StoredOrder order, CancellationToken ct)
    {
        var held = await db.HeldEvents.Where(h => h.OrderId == order.Id).OrderBy(h => h.Id).ToListAsync(ct);
        foreach (var evt in held)
        {
            var message = evt.Type == PlacedType
                ? OrderEvents.Placed(order)
                : EventJson.Parse(evt.Data, EventTypes.Find(evt.Type) ?? throw new InvalidOperationException($"unknown held event type {evt.Type}"));
            outbox.Enqueue(message, OrderEvents.AggregateKey(order.Id));
            db.HeldEvents.Remove(evt);
        }
    }

    /// <summary>Re-publishes OrderPlaced (a new event id) so Inventory tries the reservation again.</summary>
    public void Republish(StoredOrder order) => outbox.Enqueue(OrderEvents.Placed(order), OrderEvents.AggregateKey(order.Id));
}
