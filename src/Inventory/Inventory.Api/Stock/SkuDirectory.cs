using System.Collections.Concurrent;
using Integration.Inventory.Data;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Stock;

/// <summary>
/// Which SKUs Inventory knows: announced by the Catalog or stocked by a movement. SKUs are never deleted,
/// so a SKU once found is remembered; only misses go to the database.
/// </summary>
internal sealed class SkuDirectory
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// Throws NotFound naming the first SKU neither the Catalog copy nor any stock level knows. <paramref name="db"/>
    /// is asked for only on a miss (the reserve path usually needs no context of its own).
    /// </summary>
    public async Task RequireKnownAsync(Func<InventoryDbContext> db, IEnumerable<string> skus, CancellationToken ct)
    {
        var unknown = skus.Where(s => !_known.ContainsKey(s)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var context = db();
        var found = await context.CatalogSkus.AsNoTracking().Where(c => unknown.Contains(c.Sku)).Select(c => c.Sku)
            .Union(context.StockLevels.AsNoTracking().Where(l => unknown.Contains(l.Sku)).Select(l => l.Sku))
            .ToListAsync(ct);
        foreach (var sku in found)
        {
            _known[sku] = true;
        }

        if (unknown.FirstOrDefault(s => !_known.ContainsKey(s)) is { } missing)
        {
            throw new NotFoundException($"unknown SKU '{missing}': the Catalog has not announced it and no stock was ever booked for it");
        }
    }
}
