using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Stock;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;

namespace Integration.Inventory.Movements;

/// <summary>One change of on-hand to book, as every movement kind describes it.</summary>
internal sealed record MovementEntry(string MovementId, string Kind, string Sku, string LocationId, long Delta, string Reason, string Reference, string Hash, string? ReservationId = null);

/// <summary>
/// Books a movement inside the caller's transaction: on-hand changes by one guarded UPDATE (never below
/// zero), the movement row records it (so on-hand always equals the sum of movements) and a stock-adjusted
/// event goes out with it.
/// </summary>
internal sealed class MovementBooker(InventoryDbContext db, IOutbox outbox, TimeProvider clock)
{
    private readonly StockSql _sql = new(db);

    public async Task<LevelFigures> BookAsync(MovementEntry entry, CancellationToken ct)
    {
        if (entry.Delta > 0)
        {
            await _sql.EnsureLevelAsync(entry.Sku, entry.LocationId, ct);
        }

        var after = await _sql.ChangeOnHandAsync(entry.Sku, entry.LocationId, entry.Delta, ct);
        if (after is null)
        {
            var level = await _sql.ReadAsync(entry.Sku, entry.LocationId, ct);
            throw new PreconditionFailedException(
                $"{entry.Kind} of {-entry.Delta} x {entry.Sku} at {entry.LocationId} would take on-hand below zero (on hand {level?.OnHand ?? 0})");
        }

        Record(entry, after.Value.OnHand);
        outbox.Enqueue(Adjusted(entry, after.Value.OnHand), StockAggregate.Key(entry.Sku, entry.LocationId));
        return after.Value;
    }

    /// <summary>Adds the movement row (a count books its own on-hand change, then records here).</summary>
    public void Record(MovementEntry entry, long onHandAfter) => db.StockMovements.Add(new StockMovement
    {
        MovementId = entry.MovementId,
        Kind = entry.Kind,
        Sku = entry.Sku,
        LocationId = entry.LocationId,
        Quantity = entry.Delta,
        Reason = entry.Reason,
        Reference = entry.Reference,
        RequestHash = entry.Hash,
        ReservationId = entry.ReservationId,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
        OnHandAfter = onHandAfter,
    });

    private StockAdjusted Adjusted(MovementEntry entry, long onHandAfter) => new()
    {
        MovementId = entry.MovementId,
        Kind = entry.Kind,
        Sku = entry.Sku,
        LocationId = entry.LocationId,
        QuantityDelta = entry.Delta,
        OnHandAfter = onHandAfter,
        Reference = entry.Reference,
        Reason = entry.Reason,
        OccurredAt = Timestamp.FromDateTime(clock.GetUtcNow().UtcDateTime),
    };
}

/// <summary>Events of one SKU at one location stay in order.</summary>
internal static class StockAggregate
{
    public static string Key(string sku, string locationId) => $"stock/{sku}@{locationId}";
}
