using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Locations;
using Integration.Inventory.Movements;
using Integration.Inventory.Stock;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Adjustments;

/// <summary>Books transfers, damage, write-offs and returns once per movement id; a transfer's two legs commit together.</summary>
internal sealed class StockAdjuster(InventoryDbContext db, IOutbox outbox, SqliteWriteGate gate, LocationDirectory locations, TimeProvider clock)
{
    public async Task<AdjustStockResponse> AdjustAsync(AdjustInput input, CancellationToken ct)
    {
        foreach (var id in new[] { input.LocationId, input.ToLocationId }.OfType<string>())
        {
            if (await locations.FindAsync(db, id, ct) is null)
            {
                throw new NotFoundException($"no location with id '{id}'");
            }
        }

        var entries = input.Entries();
        try
        {
            return await new WriteRunner(db, gate).RunAsync(async token =>
            {
                if (await ReplayAsync(entries, token) is { } replay)
                {
                    return replay;
                }

                var booker = new MovementBooker(db, outbox, clock);
                var response = new AdjustStockResponse();
                foreach (var entry in entries)
                {
                    response.Levels.Add((await booker.BookAsync(entry, token)).ToContract());
                }

                return response;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent call with the same movement id committed first.
            if (await ReplayAsync(entries, ct) is { } replay)
            {
                return replay;
            }

            throw;
        }
    }

    private async Task<AdjustStockResponse?> ReplayAsync(IReadOnlyList<MovementEntry> entries, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var booked = await db.StockMovements.AsNoTracking().SingleOrDefaultAsync(m => m.MovementId == entries[0].MovementId, ct);
        if (booked is null)
        {
            return null;
        }

        if (booked.RequestHash != entries[0].Hash)
        {
            throw new ConflictException($"movement '{booked.MovementId}' was already booked with a different body ({booked.Kind} of {booked.Quantity} x {booked.Sku} at {booked.LocationId})");
        }

        var sql = new StockSql(db);
        var response = new AdjustStockResponse { Duplicate = true };
        foreach (var entry in entries)
        {
            if (await sql.ReadAsync(entry.Sku, entry.LocationId, ct) is { } level)
            {
                response.Levels.Add(level.ToContract());
            }
        }

        return response;
    }
}
