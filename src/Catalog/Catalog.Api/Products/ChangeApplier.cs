using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;

namespace Integration.Catalog.Products;

/// <summary>Carries out a <see cref="ChangePlan"/> on a tracked product: values, new variants and field stamps.</summary>
internal static class ChangeApplier
{
    public static void Apply(Product product, ChangePlan plan, string source, long sourceVersion)
    {
        var position = product.Variants.Count == 0 ? 0 : product.Variants.Max(v => v.Position) + 1;
        foreach (var sku in plan.NewSkus)
        {
            product.Variants.Add(new Variant { ProductId = product.Id, Sku = sku, Position = position++ });
        }

        var productStamps = FieldStamps.Parse(product.Stamps);
        var variantStamps = new Dictionary<string, FieldStamps>(StringComparer.Ordinal);
        foreach (var (change, write) in plan.Applied.Select(c => (c, true)).Concat(plan.StampOnly.Select(c => (c, false))))
        {
            if (change.Sku is null)
            {
                if (write)
                {
                    ProductFields.All[change.Field].Write(product, change.New);
                }

                productStamps.Set(change.Field, source, sourceVersion);
                continue;
            }

            var variant = product.Variants.Single(v => v.Sku == change.Sku);
            if (write)
            {
                VariantFields.All[change.Field].Write(product, variant, change.New);
            }

            if (!variantStamps.TryGetValue(variant.Sku, out var stamps))
            {
                variantStamps[variant.Sku] = stamps = FieldStamps.Parse(variant.Stamps);
            }

            stamps.Set(change.Field, source, sourceVersion);
        }

        product.Stamps = productStamps.ToJson();
        foreach (var (sku, stamps) in variantStamps)
        {
            product.Variants.Single(v => v.Sku == sku).Stamps = stamps.ToJson();
        }
    }
}
