using Integration.Contracts.Events.V1;
using Integration.Inventory.Policies;
using Integration.Messaging.Inbox;
using Microsoft.Extensions.Options;

namespace Integration.Inventory.Orders;

/// <summary>
/// Money was captured: a channel that reserves at payment reserves now (committed), from the lines kept
/// at placement; otherwise the order's pending holds become committed.
/// </summary>
internal sealed class OrderPaidHandler(OrderReservations reservations, IOptions<InventoryOptions> options) : IEventHandler<OrderPaid>
{
    public async Task HandleAsync(OrderPaid evt, EventContext context, CancellationToken ct)
    {
        // An order's events arrive in order, so its placed event was handled; if not, retrying waits for it.
        var demand = await reservations.DemandAsync(evt.OrderId, ct)
            ?? throw new InvalidOperationException($"order {evt.OrderId} was paid but its order-placed event has not been handled yet");
        var policy = options.Value.PolicyFor(demand.Demand.Channel);
        if (policy.ReservationTiming == ReservationTiming.AtPayment)
        {
            await reservations.ReserveAsync(evt.OrderId, demand.Demand.Channel, demand.Lines, policy, ct);
            return;
        }

        await reservations.CommitAllAsync(evt.OrderId, ct);
    }
}
