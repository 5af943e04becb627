using Integration.Catalog.Data;
using Integration.Catalog.Data.Products;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

/// <summary>Applies a validated product to the store: fields replaced, variants matched by SKU, version bumped once per real change.</summary>
internal sealed class ProductWriter(CatalogDbContext db, IOutbox outbox, TimeProvider clock)
{
    public async Task<(Product Product, bool Created)> UpsertAsync(ProductInput input, string sourceSystem, CancellationToken ct)
    {
        var skus = input.Variants.Select(v => v.Sku).ToList();
        var taken = await db.Variants.AsNoTracking()
            .Where(v => skus.Contains(v.Sku) && v.ProductId != input.ProductId)
            .Select(v => new { v.Sku, v.ProductId })
            .FirstOrDefaultAsync(ct);
        if (taken is not null)
        {
            throw new ConflictException($"SKU {taken.Sku} already belongs to product {taken.ProductId}");
        }

        var product = await db.Products.Include(p => p.Variants).AsSplitQuery().SingleOrDefaultAsync(p => p.Id == input.ProductId, ct);
        var created = product is null;
        var before = product?.ToContract();
        var now = clock.GetUtcNow().UtcDateTime;
        if (product is null)
        {
            product = new Product { Id = input.ProductId, CreatedAt = now };
            db.Products.Add(product);
        }

        Apply(product, input);
        var after = product.ToContract();
        if (before is not null)
        {
            // Version, timestamps are output-only; compare the content alone.
            after.Version = before.Version;
            after.UpdatedAt = before.UpdatedAt;
            if (after.Equals(before))
            {
                return (product, false);
            }
        }

        product.Version++;
        product.UpdatedAt = now;
        product.LastChangedBy = sourceSystem;
        // Same transaction as the change: the event exists if and only if the change does.
        outbox.Enqueue(product.ToChangedEvent(sourceSystem), ProductEvents.AggregateKey(product.Id));
        await db.SaveChangesAsync(ct);
        return (product, created);
    }

    private static void Apply(Product product, ProductInput input)
    {
        product.Title = input.Title;
        product.Description = input.Description;
        product.Active = input.Active;

        var existing = product.Variants.ToDictionary(v => v.Sku, StringComparer.Ordinal);
        for (var i = 0; i < input.Variants.Count; i++)
        {
            var source = input.Variants[i];
            if (!existing.Remove(source.Sku, out var variant))
            {
                variant = new Variant { ProductId = product.Id, Sku = source.Sku };
                product.Variants.Add(variant);
            }

            variant.Position = i;
            variant.Barcode = source.Barcode;
            variant.Title = source.Title;
            variant.UnitCost = source.UnitCost;
            variant.CostCurrency = source.CostCurrency;
            variant.TaxClass = source.TaxClass;
            variant.GlCategory = source.GlCategory;
            variant.WeightGrams = source.WeightGrams;
            variant.Active = source.Active;
            SyncPrices(variant, source.ListPrices);
        }

        // A SKU, once known, is never deleted: stock and ledger history refer to it.
        foreach (var dropped in existing.Values)
        {
            dropped.Active = false;
            dropped.Position = input.Variants.Count + dropped.Position;
        }
    }

    private static void SyncPrices(Variant variant, IReadOnlyList<(string Currency, decimal Amount)> prices)
    {
        variant.ListPrices.RemoveAll(p => !prices.Any(n => n.Currency == p.Currency));
        foreach (var (currency, amount) in prices)
        {
            var price = variant.ListPrices.Find(p => p.Currency == currency);
            if (price is null)
            {
                variant.ListPrices.Add(new VariantPrice { Currency = currency, Amount = amount });
            }
            else
            {
                price.Amount = amount;
            }
        }
    }
}
