using Integration.Contracts.Events.V1;
using Integration.Inventory.Reservations;
using Integration.Messaging.Inbox;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Orders;

/// <summary>
/// A shipment left a location: it consumes the order's reservation lines (reserved goes down where they
/// were held) and on-hand goes down at the shipping location. Units shipped beyond the reservations still
/// leave on-hand: the shipment is a fact. A shipment that would take on-hand below zero is parked as a dead
/// letter for a person (a count or receipt is missing), not retried.
/// </summary>
internal sealed class OrderShippedHandler(OrderReservations reservations, ReservationLifecycle lifecycle) : IEventHandler<OrderShipped>
{
    public async Task HandleAsync(OrderShipped evt, EventContext context, CancellationToken ct)
    {
        List<ConsumeItem> remaining;
        string location;
        try
        {
            location = Require.Identifier(evt.LocationId, "location_id");
            remaining = evt.Lines
                .Select((l, i) => new ConsumeItem(Require.Sku(l.Sku, $"lines[{i}].sku"), Require.Quantity(l.Quantity, $"lines[{i}].quantity", 1_000_000), null))
                .ToList();
        }
        catch (ValidationException ex)
        {
            throw new PermanentEventFailureException($"shipment {evt.ShipmentId} of order {evt.OrderId} cannot be booked: {ex.Message}", ex);
        }

        var hash = ReservationLifecycle.Hash(evt.OrderId + "/" + evt.ShipmentId, remaining, location);
        var prefix = $"ship:{evt.OrderId}:{evt.ShipmentId}";
        var call = 0;
        try
        {
            foreach (var reservation in await reservations.OpenAsync(evt.OrderId, ct))
            {
                var take = remaining
                    .Select(i => i with { Quantity = Math.Min(i.Quantity, reservation.Lines.Where(l => l.Sku == i.Sku).Sum(l => l.Open)) })
                    .Where(i => i.Quantity > 0).ToList();
                if (take.Count == 0)
                {
                    continue;
                }

                await lifecycle.ConsumeAsync(reservation, $"{prefix}:{++call}", take, location, evt.ShipmentId, hash, strict: false, ct);
                remaining = remaining
                    .Select(i => i with { Quantity = i.Quantity - take.Where(t => t.Sku == i.Sku).Sum(t => t.Quantity) })
                    .Where(i => i.Quantity > 0).ToList();
            }

            if (remaining.Count > 0)
            {
                await lifecycle.ConsumeAsync(null, $"{prefix}:{++call}", remaining, location, evt.ShipmentId, hash, strict: false, ct);
            }
        }
        catch (DomainException ex)
        {
            throw new PermanentEventFailureException($"shipment {evt.ShipmentId} of order {evt.OrderId} cannot be booked: {ex.Message}", ex);
        }
    }
}
