using Integration.Order.Data;
using Integration.Order.Data.Exceptions;
using Integration.Order.Data.Facts;
using Integration.Order.Events;
using Integration.Order.Orders;
using Microsoft.EntityFrameworkCore;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Exceptions;

/// <summary>Opens and moves business exceptions, keeps their audit trail, and holds or releases their order.</summary>
internal sealed class ExceptionDesk(OrderDbContext db, OrderEventSink events, TimeProvider clock, OrderMetrics metrics)
{
    public const string System = "system";

    /// <summary>
    /// Types that hold the order: passing it on would spread a wrong or unusable order. A tax mismatch does not hold it:
    /// the tax was charged and is owed as charged, so the books stay right while a person checks the channel's setup.
    /// </summary>
    public static bool IsBlocking(ExceptionType type) =>
        type is ExceptionType.UnknownSku or ExceptionType.TotalsMismatch or ExceptionType.ReservationRejected;

    public OrderException Open(StoredOrder order, ExceptionType type, string message, IReadOnlyDictionary<string, string> evidence, OrderFact? fact = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var exception = new OrderException
        {
            Id = Guid.NewGuid().ToString("N"),
            OrderId = order.Id,
            Channel = order.Channel,
            ExternalOrderId = order.ExternalOrderId,
            Type = type,
            State = ExceptionState.Open,
            Blocking = IsBlocking(type),
            Message = Shorten(message),
            Evidence = StoredJson.Write(evidence),
            Fact = fact,
            OpenedAt = now,
            UpdatedAt = now,
        };
        exception.Actions.Add(Action(exception.Id, "opened", System, exception.Message, ExceptionState.Open, ExceptionState.Open, now));
        db.Exceptions.Add(exception);
        if (exception.Blocking)
        {
            order.Held = true;
        }

        metrics.ExceptionOpened(type);
        return exception;
    }

    public void Move(OrderException exception, string action, string actor, string reason, ExceptionState to)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        exception.Actions.Add(Action(exception.Id, action, actor, Shorten(reason), exception.State, to, now));
        exception.State = to;
        exception.UpdatedAt = now;
    }

    /// <summary>Releases the order when no other blocking exception is open; its held events then go out in order.</summary>
    public async Task ReleaseIfClearAsync(StoredOrder order, OrderException closing, CancellationToken ct)
    {
        if (!order.Held)
        {
            return;
        }

        var others = await db.Exceptions.AnyAsync(
            e => e.OrderId == order.Id && e.Id != closing.Id && e.Blocking && (e.State == ExceptionState.Open || e.State == ExceptionState.Retrying), ct);
        if (others)
        {
            return;
        }

        order.Held = false;
        await events.ReleaseAsync(order, ct);
    }

    private static ExceptionAction Action(string id, string action, string actor, string reason, ExceptionState from, ExceptionState to, DateTime at) =>
        new() { ExceptionId = id, Action = action, Actor = actor, Reason = reason, FromState = from, ToState = to, At = at };

    private static string Shorten(string text) => text.Length <= 1000 ? text : text[..997] + "...";
}
