using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Money;

namespace Integration.Catalog.Tests;

/// <summary>Products and writes as the ERP and the storefront send them.</summary>
internal static class CatalogWrites
{
    public static Product Tee(string id, string sku, decimal cost = 4.20m, string title = "Classic tee")
    {
        var product = new Product { ProductId = id, Title = title, Description = "Cotton", Active = true };
        var variant = new Variant
        {
            Sku = sku, Title = sku, UnitCost = cost.ToMoney("EUR"), TaxClass = "standard", GlCategory = "apparel", WeightGrams = 180, Active = true,
        };
        variant.ListPrices.Add(19.99m.ToMoney("EUR"));
        product.Variants.Add(variant);
        return product;
    }

    public static UpsertProductRequest Write(string source, long version, Product product, params string[] mask)
    {
        var request = new UpsertProductRequest { SourceSystem = source, SourceVersion = version, Product = product };
        if (mask.Length > 0)
        {
            request.UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask();
            request.UpdateMask.Paths.AddRange(mask);
        }

        return request;
    }
}
