using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;

namespace Integration.Catalog.Products;

/// <summary>Carries out a <see cref="ChangePlan"/> on a tracked product: values, new variants and field stamps.</summary>
internal static class ChangeApplier
{
    public static void Apply(Product product, ChangePlan plan, string source, long sourceVersion)
    {
        if (plan.NewSkus.Count == 0 && plan.Applied.Count == 0 && plan.StampOnly.Count == 0)
        {
            // Nothing to write: the stored stamps stay as they are (an unchanged re-import rewrote them with the same text).
            return;
        }

        var position = 0;
        foreach (var stored in product.Variants)
        {
            position = Math.Max(position, stored.Position + 1);
        }

        foreach (var sku in plan.NewSkus)
        {
            product.Variants.Add(new Variant { ProductId = product.Id, Sku = sku, Position = position++ });
        }

        var productStamps = plan.ProductStamps ?? FieldStamps.Parse(product.Stamps);
        var productStamped = false;
        // Changes come variant by variant: the last one found is usually the next one's.
        Variant? variant = null;
        FieldStamps? variantStamps = null;
        var touched = new List<(Variant Variant, FieldStamps Stamps)>();
        for (var i = 0; i < plan.Applied.Count + plan.StampOnly.Count; i++)
        {
            var write = i < plan.Applied.Count;
            var change = write ? plan.Applied[i] : plan.StampOnly[i - plan.Applied.Count];
            if (change.Sku is null)
            {
                if (write)
                {
                    ProductFields.All[change.Field].Write(product, change.New);
                }

                productStamps.Set(change.Field, source, sourceVersion);
                productStamped = true;
                continue;
            }

            if (variant?.Sku != change.Sku)
            {
                variant = product.Variants.Single(v => v.Sku == change.Sku);
                variantStamps = touched.Find(t => t.Variant == variant).Stamps;
                if (variantStamps is null)
                {
                    variantStamps = plan.VariantStamps.GetValueOrDefault(variant.Sku) ?? FieldStamps.Parse(variant.Stamps);
                    touched.Add((variant, variantStamps));
                }
            }

            if (write)
            {
                VariantFields.All[change.Field].Write(product, variant, change.New);
            }

            variantStamps!.Set(change.Field, source, sourceVersion);
        }

        if (productStamped)
        {
            product.Stamps = productStamps.ToJson();
        }

        foreach (var (stamped, stamps) in touched)
        {
            stamped.Stamps = stamps.ToJson();
        }
    }
}
