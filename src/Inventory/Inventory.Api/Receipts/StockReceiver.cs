using Integration.Inventory.Data;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Data.Stock;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Integration.Inventory.Receipts;

/// <summary>
/// Books a receipt once per movement id. The movement row and the on-hand increment commit in one
/// transaction; on-hand is raised by a single UPDATE in the database, never read-modify-write, so
/// replicas writing the same row cannot lose each other's units.
/// </summary>
internal sealed class StockReceiver(InventoryDbContext db, IOutbox outbox, TimeProvider clock)
{
    private const string LevelSavepoint = "stock_level_insert";

    public async Task<(StockLevel Level, bool Duplicate)> ReceiveAsync(ReceiptInput input, CancellationToken ct)
    {
        if (!await db.Locations.AnyAsync(l => l.Id == input.LocationId, ct))
        {
            throw new NotFoundException($"no location with id '{input.LocationId}'");
        }

        var hash = input.Hash();
        try
        {
            // The execution strategy owns the transaction so SQL Server's retry-on-failure can replay it whole.
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(token => BookAsync(input, hash, token), ct);
        }
        catch (DbUpdateException)
        {
            // The usual cause: a concurrent call with the same movement id committed between our check and
            // our insert (primary key). Answer as that call's retry would be answered; anything else rethrows.
            db.ChangeTracker.Clear();
            var winner = await FindMovementAsync(input.MovementId, ct);
            if (winner is null)
            {
                throw;
            }

            return await ReplayAsync(winner, hash, ct);
        }
    }

    private async Task<(StockLevel Level, bool Duplicate)> BookAsync(ReceiptInput input, string hash, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var booked = await FindMovementAsync(input.MovementId, ct);
        if (booked is not null)
        {
            return await ReplayAsync(booked, hash, ct);
        }

        await RaiseOnHandAsync(transaction, input.Sku, input.LocationId, input.Quantity, ct);
        // Our UPDATE holds the row lock until commit, so this read is exactly the result of our increment.
        var level = await ReadLevelAsync(input.Sku, input.LocationId, ct);
        db.StockMovements.Add(new StockMovement
        {
            MovementId = input.MovementId,
            Kind = MovementKinds.Receipt,
            Sku = input.Sku,
            LocationId = input.LocationId,
            Quantity = input.Quantity,
            Reference = input.Reference,
            RequestHash = hash,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            OnHandAfter = level.OnHand,
        });
        outbox.Enqueue(StockEvents.Adjusted(input, level.OnHand, clock.GetUtcNow().UtcDateTime), StockEvents.AggregateKey(input.Sku, input.LocationId));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (level, false);
    }

    private async Task RaiseOnHandAsync(IDbContextTransaction transaction, string sku, string locationId, long quantity, CancellationToken ct)
    {
        if (await IncrementAsync(sku, locationId, quantity, ct) == 1)
        {
            return;
        }

        // First stock of this SKU here. A concurrent first receipt may insert the same row before us;
        // the savepoint keeps our transaction usable so we can fall back to the increment.
        await transaction.CreateSavepointAsync(LevelSavepoint, ct);
        var level = new StockLevel { Sku = sku, LocationId = locationId, OnHand = quantity };
        db.StockLevels.Add(level);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackToSavepointAsync(LevelSavepoint, ct);
            db.Entry(level).State = EntityState.Detached;
            if (await IncrementAsync(sku, locationId, quantity, ct) != 1)
            {
                throw;
            }
        }
    }

    private Task<int> IncrementAsync(string sku, string locationId, long quantity, CancellationToken ct) =>
        db.StockLevels
            .Where(l => l.Sku == sku && l.LocationId == locationId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand + quantity), ct);

    private async Task<(StockLevel Level, bool Duplicate)> ReplayAsync(StockMovement booked, string hash, CancellationToken ct)
    {
        if (!string.Equals(booked.RequestHash, hash, StringComparison.Ordinal))
        {
            throw new ConflictException(
                $"movement '{booked.MovementId}' was already booked with a different body " +
                $"({booked.Kind} of {booked.Quantity} x {booked.Sku} at {booked.LocationId}, reference '{booked.Reference}')");
        }

        return (await ReadLevelAsync(booked.Sku, booked.LocationId, ct), true);
    }

    private Task<StockMovement?> FindMovementAsync(string movementId, CancellationToken ct) =>
        db.StockMovements.AsNoTracking().SingleOrDefaultAsync(m => m.MovementId == movementId, ct);

    private Task<StockLevel> ReadLevelAsync(string sku, string locationId, CancellationToken ct) =>
        db.StockLevels.AsNoTracking().SingleAsync(l => l.Sku == sku && l.LocationId == locationId, ct);
}
