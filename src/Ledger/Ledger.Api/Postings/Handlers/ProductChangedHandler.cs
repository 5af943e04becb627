using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Integration.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings.Handlers;

/// <summary>Keeps the Ledger's copy of each SKU's standard cost and GL category; facts held for a missing cost post once it arrives.</summary>
internal sealed class ProductChangedHandler(LedgerDbContext db, HeldPostings held) : IEventHandler<ProductChanged>
{
    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        var skus = evt.Variants.Select(v => v.Sku).ToList();
        var known = await db.Set<SkuCost>().Where(c => skus.Contains(c.Sku)).ToDictionaryAsync(c => c.Sku, StringComparer.Ordinal, ct);
        foreach (var variant in evt.Variants)
        {
            if (!known.TryGetValue(variant.Sku, out var copy))
            {
                copy = new SkuCost { Sku = variant.Sku };
                db.Set<SkuCost>().Add(copy);
            }
            else if (copy.CatalogVersion >= evt.Version)
            {
                continue;
            }

            copy.UnitCost = variant.UnitCost?.ToDecimal() ?? 0m;
            copy.CostCurrency = variant.UnitCost?.CurrencyCode ?? string.Empty;
            copy.GlCategory = variant.GlCategory;
            copy.CatalogVersion = evt.Version;
        }

        await db.SaveChangesAsync(ct);
        // Held facts are few (they are exceptions): filter their reasons here rather than in SQL.
        var open = await db.Set<HeldPosting>().AsNoTracking().Where(h => h.ReleasedAt == null).Select(h => new { h.OrderId, h.Reason }).ToListAsync(ct);
        var waiting = open.Where(h => skus.Any(s => h.Reason.Contains($"SKU {s}:", StringComparison.Ordinal))).Select(h => h.OrderId).Distinct().ToList();
        foreach (var order in waiting)
        {
            await held.ReleaseAsync(order, ct);
        }
    }
}
