using Integration.Ledger.Data;
using Integration.Ledger.Data.Demand;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Demand;

/// <summary>One row of demand history: a SKU at a location on a day.</summary>
internal sealed record DemandRow(DateOnly Day, string Sku, string LocationId, long Ordered, long Cancelled, long Returned, long Lost)
{
    public long Net => Ordered - Cancelled - Returned;
}

/// <summary>Sums the demand movements per SKU, location and day, in the database.</summary>
internal sealed class DemandReader(LedgerDbContext db)
{
    public IAsyncEnumerable<DemandRow> ReadAsync(DemandFilter filter)
    {
        var movements = db.Set<DemandMovement>().AsNoTracking().Where(m => m.Day >= filter.From && m.Day <= filter.To);
        if (filter.Sku is { } sku)
        {
            movements = movements.Where(m => m.Sku == sku);
        }

        if (filter.LocationId is { } location)
        {
            movements = movements.Where(m => m.LocationId == location);
        }

        return movements
            .GroupBy(m => new { m.Day, m.Sku, m.LocationId })
            .Select(g => new
            {
                g.Key.Day,
                g.Key.Sku,
                g.Key.LocationId,
                Ordered = g.Sum(m => m.Kind == DemandMovement.OrderedKind ? m.Units : 0L),
                Cancelled = g.Sum(m => m.Kind == DemandMovement.CancelledKind ? m.Units : 0L),
                Returned = g.Sum(m => m.Kind == DemandMovement.ReturnedKind ? m.Units : 0L),
                Lost = g.Sum(m => m.Kind == DemandMovement.LostKind ? m.Units : 0L),
            })
            .OrderBy(r => r.Day).ThenBy(r => r.Sku).ThenBy(r => r.LocationId)
            .Select(r => new DemandRow(r.Day, r.Sku, r.LocationId, r.Ordered, r.Cancelled, r.Returned, r.Lost))
            .AsAsyncEnumerable();
    }
}
