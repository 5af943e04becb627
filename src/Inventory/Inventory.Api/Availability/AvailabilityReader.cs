using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Stock;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Availability;

/// <summary>Reads stock per SKU across locations, in allocation order (priority, then id), with totals.</summary>
internal sealed class AvailabilityReader(InventoryDbContext db)
{
    public async Task<GetAvailabilityResponse> ReadAsync(AvailabilityInput input, CancellationToken ct)
    {
        var skus = input.Skus.Distinct(StringComparer.Ordinal).ToList();
        var levels = db.StockLevels.AsNoTracking().Where(l => skus.Contains(l.Sku));
        if (input.LocationIds.Count > 0)
        {
            var locationIds = input.LocationIds;
            levels = levels.Where(l => locationIds.Contains(l.LocationId));
        }

        var rows = await levels
            .Join(db.Locations, l => l.LocationId, location => location.Id, (l, location) => new { Level = l, location.Priority })
            .ToListAsync(ct);
        // Ordered here, not in SQL: id order must not depend on each database's collation.
        var bySku = rows
            .OrderBy(r => r.Priority).ThenBy(r => r.Level.LocationId, StringComparer.Ordinal)
            .ToLookup(r => r.Level.Sku, r => r.Level, StringComparer.Ordinal);

        var catalog = await db.CatalogSkus.AsNoTracking().Where(c => skus.Contains(c.Sku)).ToDictionaryAsync(c => c.Sku, StringComparer.Ordinal, ct);
        var response = new GetAvailabilityResponse();
        foreach (var sku in input.Skus)
        {
            var item = new SkuAvailability { Sku = sku };
            if (catalog.TryGetValue(sku, out var known))
            {
                item.CatalogVersion = known.CatalogVersion;
                item.CatalogActive = known.Active;
            }

            foreach (var level in bySku[sku])
            {
                item.Levels.Add(level.ToContract());
                item.OnHand += level.OnHand;
                item.Reserved += level.Reserved;
                item.Available += level.Available();
            }

            response.Items.Add(item);
        }

        return response;
    }
}
