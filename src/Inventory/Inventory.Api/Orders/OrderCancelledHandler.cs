using Integration.Contracts.Events.V1;
using Integration.Inventory.Data.Reservations;
using Integration.Inventory.Reservations;
using Integration.Messaging.Inbox;

namespace Integration.Inventory.Orders;

/// <summary>An order was cancelled: every reservation of it gives its open units back.</summary>
internal sealed class OrderCancelledHandler(OrderReservations reservations, ReservationLifecycle lifecycle) : IEventHandler<OrderCancelled>
{
    public async Task HandleAsync(OrderCancelled evt, EventContext context, CancellationToken ct)
    {
        foreach (var reservation in await reservations.OpenAsync(evt.OrderId, ct))
        {
            await lifecycle.ReleaseAsync(reservation, ReservationStates.Released, "cancelled", ct);
        }
    }
}
