using Google.Protobuf.WellKnownTypes;
using Integration.Catalog.Data.Products;
using Integration.Contracts.Money;
using Contract = Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Products;

/// <summary>Stored product to wire product.</summary>
internal static class ProductMapping
{
    public static Contract.Product ToContract(this Product product)
    {
        var result = new Contract.Product
        {
            ProductId = product.Id,
            Title = product.Title,
            Description = product.Description,
            Active = product.Active,
            Version = product.Version,
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(product.CreatedAt, DateTimeKind.Utc)),
            UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(product.UpdatedAt, DateTimeKind.Utc)),
        };
        result.Variants.AddRange(product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Sku, StringComparer.Ordinal).Select(ToContract));
        return result;
    }

    private static Contract.Variant ToContract(Variant variant)
    {
        var result = new Contract.Variant
        {
            Sku = variant.Sku,
            Barcode = variant.Barcode,
            Title = variant.Title,
            UnitCost = variant.UnitCost.ToMoney(variant.CostCurrency),
            TaxClass = variant.TaxClass,
            GlCategory = variant.GlCategory,
            WeightGrams = variant.WeightGrams,
            Active = variant.Active,
        };
        result.ListPrices.AddRange(variant.ListPrices.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => p.Amount.ToMoney(p.Currency)));
        return result;
    }
}
