using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Invariants;

/// <summary>
/// Checks, for every stock level, that reserved equals the open quantity of reservation lines and that
/// on-hand equals the sum of movements; reports each difference with its evidence. Reads in one
/// transaction so the three figures are of one moment.
/// </summary>
internal sealed class InvariantChecker(InventoryDbContext db)
{
    public async Task<CheckInvariantsResponse> CheckAsync(CancellationToken ct)
    {
        await using var transaction = await BeginSnapshotAsync(ct);
        var levels = await db.StockLevels.AsNoTracking().Select(l => new { l.Sku, l.LocationId, l.OnHand, l.Reserved }).ToListAsync(ct);
        var open = await db.ReservationLines.AsNoTracking()
            .GroupBy(l => new { l.Sku, l.LocationId })
            .Select(g => new { g.Key.Sku, g.Key.LocationId, Open = g.Sum(l => l.Quantity - l.Consumed - l.Released), Lines = g.Count(l => l.Quantity - l.Consumed - l.Released > 0) })
            .ToDictionaryAsync(x => (x.Sku, x.LocationId), ct);
        var moved = await db.StockMovements.AsNoTracking()
            .GroupBy(m => new { m.Sku, m.LocationId })
            .Select(g => new { g.Key.Sku, g.Key.LocationId, Sum = g.Sum(m => m.Quantity), Count = g.Count() })
            .ToDictionaryAsync(x => (x.Sku, x.LocationId), ct);
        await transaction.CommitAsync(ct);
        await db.Database.UseTransactionAsync(null, ct);

        var response = new CheckInvariantsResponse { LevelsChecked = levels.Count };
        foreach (var level in levels)
        {
            var key = (level.Sku, level.LocationId);
            var held = open.GetValueOrDefault(key);
            if ((held?.Open ?? 0) != level.Reserved)
            {
                response.Violations.Add(new InvariantViolation
                {
                    Sku = level.Sku, LocationId = level.LocationId, Invariant = "reserved", Recorded = level.Reserved, Expected = held?.Open ?? 0,
                    Evidence = $"{held?.Lines ?? 0} open reservation lines hold {held?.Open ?? 0} units; the stock level says {level.Reserved} reserved",
                });
            }

            var sum = moved.GetValueOrDefault(key);
            if ((sum?.Sum ?? 0) != level.OnHand)
            {
                response.Violations.Add(new InvariantViolation
                {
                    Sku = level.Sku, LocationId = level.LocationId, Invariant = "on_hand", Recorded = level.OnHand, Expected = sum?.Sum ?? 0,
                    Evidence = $"{sum?.Count ?? 0} movements add up to {sum?.Sum ?? 0}; the stock level says {level.OnHand} on hand",
                });
            }
        }

        // Evidence without a level at all (lines or movements for a SKU and location that has no row).
        foreach (var (key, held) in open.Where(o => o.Value.Open != 0 && !levels.Any(l => (l.Sku, l.LocationId) == o.Key)))
        {
            response.Violations.Add(new InvariantViolation
            {
                Sku = key.Sku, LocationId = key.LocationId, Invariant = "reserved", Recorded = 0, Expected = held.Open,
                Evidence = $"{held.Lines} open reservation lines hold {held.Open} units but there is no stock level",
            });
        }

        InventoryTelemetry.RecordViolations(response.Violations.Count);
        return response;
    }

    /// <summary>A read snapshot that does not block writers: a deferred SQLite transaction (WAL), REPEATABLE READ elsewhere.</summary>
    private async Task<System.Data.Common.DbTransaction> BeginSnapshotAsync(CancellationToken ct)
    {
        System.Data.Common.DbTransaction transaction;
        if (db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            transaction = sqlite.BeginTransaction(deferred: true);
        }
        else
        {
            await db.Database.OpenConnectionAsync(ct);
            transaction = await db.Database.GetDbConnection().BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        }

        await db.Database.UseTransactionAsync(transaction, ct);
        return transaction;
    }
}
