using Integration.Inventory.Data;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Data.Stock;
using Integration.Inventory.Movements;
using Integration.Inventory.Stock;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Receipts;

/// <summary>
/// Books a receipt once per movement id. The movement row and the on-hand increment commit in one
/// transaction; on-hand is raised by a single UPDATE in the database, never read-modify-write, so
/// replicas writing the same row cannot lose each other's units.
/// </summary>
internal sealed class StockReceiver(InventoryDbContext db, IOutbox outbox, SqliteWriteGate gate, TimeProvider clock)
{
    public async Task<(StockLevel Level, bool Duplicate)> ReceiveAsync(ReceiptInput input, CancellationToken ct)
    {
        if (!await db.Locations.AnyAsync(l => l.Id == input.LocationId, ct))
        {
            throw new NotFoundException($"no location with id '{input.LocationId}'");
        }

        var hash = input.Hash();
        try
        {
            return await new WriteRunner(db, gate).RunAsync(async token =>
            {
                var booked = await FindMovementAsync(input.MovementId, token);
                if (booked is not null)
                {
                    return await ReplayAsync(booked, hash, token);
                }

                await new MovementBooker(db, outbox, clock).BookAsync(
                    new MovementEntry(input.MovementId, MovementKinds.Receipt, input.Sku, input.LocationId, input.Quantity, string.Empty, input.Reference, hash), token);
                return (await ReadLevelAsync(input.Sku, input.LocationId, token), false);
            }, ct);
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
