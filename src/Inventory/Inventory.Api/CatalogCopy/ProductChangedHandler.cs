using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Inventory.Data;
using Integration.Inventory.Data.CatalogCopy;
using Integration.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.CatalogCopy;

/// <summary>Keeps Inventory's copy of the Catalog's SKUs: new SKUs appear, cost and active flag follow the owner.</summary>
internal sealed partial class ProductChangedHandler(InventoryDbContext db, TimeProvider clock, ILogger<ProductChangedHandler> logger)
    : IEventHandler<ProductChanged>
{
    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        var skus = evt.Variants.Select(v => v.Sku).ToList();
        var known = await db.CatalogSkus.Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var variant in evt.Variants)
        {
            if (!known.TryGetValue(variant.Sku, out var copy))
            {
                copy = new CatalogSku { Sku = variant.Sku, ProductId = evt.ProductId };
                db.CatalogSkus.Add(copy);
            }
            else if (copy.CatalogVersion >= evt.Version)
            {
                // Events of one product arrive in order, but a replayed dead letter may be older.
                LogStale(logger, variant.Sku, evt.Version, copy.CatalogVersion);
                continue;
            }

            copy.ProductId = evt.ProductId;
            copy.Active = variant.Active;
            copy.UnitCost = variant.UnitCost?.ToDecimal() ?? 0m;
            copy.CostCurrency = variant.UnitCost?.CurrencyCode ?? string.Empty;
            copy.CatalogVersion = evt.Version;
            copy.UpdatedAt = now;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored stale catalog version {Version} of {Sku}; version {Stored} is already applied")]
    private static partial void LogStale(ILogger logger, string sku, long version, long stored);
}
