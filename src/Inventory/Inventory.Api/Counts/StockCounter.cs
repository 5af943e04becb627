using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Money;
using Integration.Inventory.Data;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Locations;
using Integration.Inventory.Movements;
using Integration.Inventory.Stock;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Counts;

/// <summary>
/// Sets on-hand to a physical count. The variance is booked as a count movement (so on-hand stays the sum
/// of movements) and published with the Catalog's unit cost so the Ledger can post shrinkage. On-hand is
/// set by compare-and-set: a receipt landing between the read and the write makes the write miss, and the
/// count is taken again against the new figure rather than erasing that receipt.
/// </summary>
internal sealed class StockCounter(InventoryDbContext db, IOutbox outbox, SqliteWriteGate gate, LocationDirectory locations, TimeProvider clock)
{
    private const int MaxAttempts = 10;

    public async Task<CountStockResponse> CountAsync(CountInput input, CancellationToken ct)
    {
        if (await locations.FindAsync(db, input.LocationId, ct) is null)
        {
            throw new NotFoundException($"no location with id '{input.LocationId}'");
        }

        var hash = input.Hash();
        try
        {
            return await new WriteRunner(db, gate).RunAsync(token => BookAsync(input, hash, token), ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent call with the same count id committed first.
            if (await FindAsync(input.CountId, ct) is { } winner)
            {
                return await ReplayAsync(winner, hash, ct);
            }

            throw;
        }
    }

    private async Task<CountStockResponse> BookAsync(CountInput input, string hash, CancellationToken ct)
    {
        if (await FindAsync(input.CountId, ct) is { } booked)
        {
            return await ReplayAsync(booked, hash, ct);
        }

        var sql = new StockSql(db);
        await sql.EnsureLevelAsync(input.Sku, input.LocationId, ct);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var before = (await sql.ReadAsync(input.Sku, input.LocationId, ct))!.Value;
            if (await sql.SetOnHandAsync(input.Sku, input.LocationId, before.OnHand, input.Counted, ct) is not { } after)
            {
                continue;
            }

            var variance = input.Counted - before.OnHand;
            new MovementBooker(db, outbox, clock).Record(
                new MovementEntry(MovementId(input.CountId), MovementKinds.Count, input.Sku, input.LocationId, variance, input.Reason, input.Reference, hash), after.OnHand);
            var cost = await UnitCostAsync(input.Sku, ct);
            outbox.Enqueue(new StockCounted
            {
                CountId = input.CountId, Sku = input.Sku, LocationId = input.LocationId, Counted = input.Counted, SystemOnHand = before.OnHand,
                Variance = variance, Reason = input.Reason, UnitCost = cost, OccurredAt = Timestamp.FromDateTime(clock.GetUtcNow().UtcDateTime),
            }, StockAggregate.Key(input.Sku, input.LocationId));
            return new CountStockResponse { Level = after.ToContract(), SystemOnHand = before.OnHand, Variance = variance, UnitCost = cost };
        }

        throw new PreconditionFailedException($"on-hand of {input.Sku} at {input.LocationId} kept changing during the count; try again");
    }

    private async Task<CountStockResponse> ReplayAsync(StockMovement booked, string hash, CancellationToken ct)
    {
        if (booked.RequestHash != hash)
        {
            throw new ConflictException($"count '{booked.MovementId[6..]}' was already booked with a different body ({booked.Sku} at {booked.LocationId})");
        }

        var level = (await new StockSql(db).ReadAsync(booked.Sku, booked.LocationId, ct))!.Value;
        return new CountStockResponse
        {
            Level = level.ToContract(), SystemOnHand = booked.OnHandAfter - booked.Quantity, Variance = booked.Quantity,
            UnitCost = await UnitCostAsync(booked.Sku, ct), Duplicate = true,
        };
    }

    private async Task<Contracts.Common.V1.Money?> UnitCostAsync(string sku, CancellationToken ct)
    {
        var copy = await db.CatalogSkus.AsNoTracking().SingleOrDefaultAsync(c => c.Sku == sku, ct);
        return copy is null || string.IsNullOrEmpty(copy.CostCurrency) ? null : copy.UnitCost.ToMoney(copy.CostCurrency);
    }

    /// <summary>Counts have their own ids; the prefix keeps them apart from the callers' movement ids.</summary>
    private static string MovementId(string countId) => "count:" + countId;

    private Task<StockMovement?> FindAsync(string countId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var id = MovementId(countId);
        return db.StockMovements.AsNoTracking().SingleOrDefaultAsync(m => m.MovementId == id, ct);
    }
}
