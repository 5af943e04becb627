using Integration.Contracts.Events.V1;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Movements;
using Integration.Inventory.Reservations;
using Integration.Messaging.Inbox;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Orders;

/// <summary>
/// A refund: lines restocked as "return" come back to on-hand at their location (a restock movement);
/// lines restocked as "cancel" were never shipped, so their reservation gives the units back;
/// "no_restock" changes no stock.
/// </summary>
internal sealed class OrderRefundedHandler(OrderReservations reservations, ReservationLifecycle lifecycle, MovementBooker booker) : IEventHandler<OrderRefunded>
{
    public async Task HandleAsync(OrderRefunded evt, EventContext context, CancellationToken ct)
    {
        try
        {
            for (var i = 0; i < evt.Lines.Count; i++)
            {
                var line = evt.Lines[i];
                var sku = Require.Sku(line.Sku, $"lines[{i}].sku");
                var quantity = Require.Quantity(line.Quantity, $"lines[{i}].quantity", 1_000_000);
                switch (line.RestockType)
                {
                    case "return":
                        var location = Require.Identifier(line.LocationId, $"lines[{i}].location_id");
                        var hash = MovementHash.Of(MovementKinds.Restock, sku, location, quantity, evt.RefundId);
                        await booker.BookAsync(new MovementEntry(
                            $"refund:{evt.OrderId}:{evt.RefundId}:{i + 1}", MovementKinds.Restock, sku, location, quantity, "refund restock", evt.RefundId, hash), ct);
                        break;
                    case "cancel":
                        var left = quantity;
                        foreach (var reservation in await reservations.OpenAsync(evt.OrderId, ct))
                        {
                            left -= await lifecycle.ReleaseUnitsAsync(reservation, sku, left, "cancelled", ct);
                            if (left == 0)
                            {
                                break;
                            }
                        }

                        break;
                }
            }
        }
        catch (DomainException ex)
        {
            throw new PermanentEventFailureException($"refund {evt.RefundId} of order {evt.OrderId} cannot be restocked: {ex.Message}", ex);
        }
    }
}
