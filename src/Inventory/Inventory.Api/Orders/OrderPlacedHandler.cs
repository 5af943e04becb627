using Integration.Contracts.Events.V1;
using Integration.Inventory.Policies;
using Integration.Messaging.Inbox;
using Microsoft.Extensions.Options;

namespace Integration.Inventory.Orders;

/// <summary>
/// An order was placed: remember its lines, then act on the channel's reservation timing — at order,
/// reserve now (committed); at cart, commit the cart holds the connector moved to this order (or reserve
/// now if there are none, so no order goes unreserved); at payment, wait for the paid event.
/// </summary>
internal sealed partial class OrderPlacedHandler(OrderReservations reservations, IOptions<InventoryOptions> options, TimeProvider clock, ILogger<OrderPlacedHandler> logger)
    : IEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced evt, EventContext context, CancellationToken ct)
    {
        var lines = OrderReservations.LinesOf(evt);
        await reservations.RememberAsync(evt, lines, clock.GetUtcNow().UtcDateTime, ct);
        var policy = options.Value.PolicyFor(evt.Channel);
        switch (policy.ReservationTiming)
        {
            case ReservationTiming.AtCart when await reservations.CommitAllAsync(evt.OrderId, ct) > 0:
                return;
            case ReservationTiming.AtCart:
                LogNoCartHold(logger, evt.OrderId, evt.Channel);
                await ReserveAsync(evt, lines, policy, ct);
                return;
            case ReservationTiming.AtOrder:
                await ReserveAsync(evt, lines, policy, ct);
                return;
            default:
                return;
        }
    }

    private async Task ReserveAsync(OrderPlaced evt, List<DemandLine> lines, ChannelPolicy policy, CancellationToken ct)
    {
        var outcome = await reservations.ReserveAsync(evt.OrderId, evt.Channel, lines, policy, ct);
        if (outcome?.Reservation.State == Data.Reservations.ReservationStates.Rejected)
        {
            LogRejected(logger, evt.OrderId, evt.Channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} ({Channel}) reserves at cart but no cart hold was moved to it; reserving at order instead")]
    private static partial void LogNoCartHold(ILogger logger, string orderId, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} ({Channel}) could not be reserved: not enough stock (reservation rejected event sent)")]
    private static partial void LogRejected(ILogger logger, string orderId, string channel);
}
