using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Order.Data;
using Integration.Order.Data.Exceptions;
using Integration.Order.Exceptions;
using Integration.Order.Orders;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Reservations;

/// <summary>A reservation was granted: an open or retrying RESERVATION_REJECTED exception of the order is resolved and the order released.</summary>
internal sealed class StockReservedHandler(OrderDbContext db, ExceptionDesk desk) : IEventHandler<StockReserved>
{
    public async Task HandleAsync(StockReserved evt, EventContext context, CancellationToken ct)
    {
        var exceptions = await db.Exceptions.Include(e => e.Actions).Where(
            e => e.OrderId == evt.OrderId && e.Type == ExceptionType.ReservationRejected && (e.State == ExceptionState.Open || e.State == ExceptionState.Retrying))
            .ToListAsync(ct);
        if (exceptions.Count == 0)
        {
            return;
        }

        var order = await db.ForUpdateAsync(evt.OrderId, ct);
        if (order is null)
        {
            return;
        }

        foreach (var exception in exceptions)
        {
            desk.Move(exception, "resolved", ExceptionDesk.System, $"reservation {evt.ReservationId} granted", ExceptionState.Resolved);
            await desk.ReleaseIfClearAsync(order, exception, ct);
        }

        order.Version++;
    }
}
