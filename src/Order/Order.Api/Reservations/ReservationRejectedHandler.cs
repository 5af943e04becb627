using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Order.Data;
using Integration.Order.Data.Exceptions;
using Integration.Order.Exceptions;
using Integration.Order.Orders;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Reservations;

/// <summary>
/// Inventory could not reserve an order: a blocking RESERVATION_REJECTED exception holds it (its later events wait), or,
/// when one is already being retried, it goes back to open with the new evidence.
/// </summary>
internal sealed partial class ReservationRejectedHandler(OrderDbContext db, ExceptionDesk desk, ILogger<ReservationRejectedHandler> logger)
    : IEventHandler<ReservationRejected>
{
    public async Task HandleAsync(ReservationRejected evt, EventContext context, CancellationToken ct)
    {
        var order = await db.ForUpdateAsync(evt.OrderId, ct);
        if (order is null)
        {
            // A cart reservation, not an order of ours.
            LogNotAnOrder(logger, evt.OrderId, evt.ReservationId);
            return;
        }

        var reason = $"reservation {evt.ReservationId} refused: {evt.Reason} ({string.Join("; ", evt.Lines.Select(l => $"{l.Sku}: {l.Requested} requested, {l.Available} available"))})";
        var current = await db.Exceptions.Include(e => e.Actions).FirstOrDefaultAsync(
            e => e.OrderId == order.Id && e.Type == ExceptionType.ReservationRejected && (e.State == ExceptionState.Open || e.State == ExceptionState.Retrying), ct);
        if (current is not null)
        {
            desk.Move(current, "reopened", ExceptionDesk.System, reason, ExceptionState.Open);
        }
        else
        {
            var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["reservation_id"] = evt.ReservationId, ["reason"] = evt.Reason };
            foreach (var line in evt.Lines)
            {
                evidence["sku:" + line.Sku] = $"requested {line.Requested}, available {line.Available}";
            }

            desk.Open(order, ExceptionType.ReservationRejected, reason, evidence);
        }

        order.Held = true;
        order.Version++;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ReservationRejected for {OrderId} (reservation {ReservationId}) is not for an order of ours")]
    private static partial void LogNotAnOrder(ILogger logger, string orderId, string reservationId);
}
