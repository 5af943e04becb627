using Integration.Contracts.Events.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Demand;
using Integration.Messaging.Inbox;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Demand;

/// <summary>
/// Lost demand: the units Inventory could not reserve for lack of stock. The refusal names no
/// location (it was refused everywhere), so it is recorded at <see cref="DemandRecorder.AnyLocation"/>.
/// A refusal repeated for the same order (a retried reservation) counts once per SKU.
/// </summary>
internal sealed partial class ReservationRejectedHandler(
    LedgerDbContext db, DemandRecorder recorder, TimeProvider clock, ILogger<ReservationRejectedHandler> logger)
    : IEventHandler<ReservationRejected>
{
    public async Task HandleAsync(ReservationRejected evt, EventContext context, CancellationToken ct)
    {
        var reference = evt.OrderId.Length > 0 ? evt.OrderId : evt.ReservationId;
        var when = evt.OccurredAt?.ToDateTime() ?? context.Time?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime;
        var day = DateOnly.FromDateTime(when);
        // The shortfall (requested - available) is the demand that could not be met.
        var shortfalls = evt.Lines
            .Where(l => l.Shortfall > 0 && Require.NormaliseSku(l.Sku).Length > 0)
            .GroupBy(l => Require.NormaliseSku(l.Sku), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Shortfall), StringComparer.Ordinal);
        if (shortfalls.Count == 0)
        {
            return;
        }

        var skus = shortfalls.Keys.ToList();
        var counted = await db.Set<DemandMovement>().AsNoTracking()
            .Where(m => m.Reference == reference && m.Kind == DemandMovement.LostKind && skus.Contains(m.Sku))
            .Select(m => m.Sku)
            .ToListAsync(ct);
        foreach (var (sku, units) in shortfalls)
        {
            if (counted.Contains(sku, StringComparer.Ordinal))
            {
                LogRepeated(logger, sku, reference);
                continue;
            }

            recorder.Lost(sku, DemandRecorder.AnyLocation, day, units, reference);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lost demand of {Sku} for {Reference} was already counted")]
    private static partial void LogRepeated(ILogger logger, string sku, string reference);
}
