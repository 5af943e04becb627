using System.Globalization;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Messaging.Inbox;
using Integration.Order.Data;
using Integration.Order.Data.Exceptions;
using Integration.Order.Exceptions;
using Integration.Order.Orders;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Tax;

/// <summary>
/// The Ledger found that the tax charged on an order differs from its recomputation: a TAX_MISMATCH exception with
/// each title's charged and expected amounts, for a person to check with the channel. The charged tax stays as charged.
/// </summary>
internal sealed partial class TaxMismatchDetectedHandler(OrderDbContext db, ExceptionDesk desk, ILogger<TaxMismatchDetectedHandler> logger)
    : IEventHandler<TaxMismatchDetected>
{
    public async Task HandleAsync(TaxMismatchDetected evt, EventContext context, CancellationToken ct)
    {
        var order = await db.ForUpdateAsync(evt.OrderId, ct);
        if (order is null)
        {
            LogUnknownOrder(logger, evt.OrderId);
            return;
        }

        if (await db.Exceptions.AnyAsync(e => e.OrderId == order.Id && e.Type == ExceptionType.TaxMismatch && e.State != ExceptionState.Resolved && e.State != ExceptionState.Ignored, ct))
        {
            return;
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["detected_by"] = context.Source };
        foreach (var difference in evt.Differences)
        {
            evidence["tax:" + difference.Title] = string.Create(CultureInfo.InvariantCulture,
                $"charged {difference.Charged.ToDecimal()} {difference.Charged.CurrencyCode}, expected {difference.Expected.ToDecimal()} over {difference.Lines} line(s)");
        }

        var summary = string.Join("; ", evt.Differences.Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{d.Title}: charged {d.Charged.ToDecimal()}, recomputed {d.Expected.ToDecimal()}")));
        desk.Open(order, ExceptionType.TaxMismatch, $"tax charged differs from the recomputation beyond one cent per line: {summary}", evidence);
        order.Version++;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tax mismatch reported for unknown order {OrderId}")]
    private static partial void LogUnknownOrder(ILogger logger, string orderId);
}
