using Google.Protobuf.WellKnownTypes;
using Integration.Catalog.Data.Products;
using Integration.Catalog.Fields;
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
            SeoTitle = product.SeoTitle,
            SeoDescription = product.SeoDescription,
            Handle = product.Handle,
            Visibility = product.Visibility == "hidden" ? Contract.Visibility.Hidden : Contract.Visibility.Visible,
        };
        result.Media.AddRange(Canonical.ParseMedia(product.MediaJson).Select(m => new Contract.MediaReference { Url = m.Url, AltText = m.Alt }));
        result.ExternalIds.AddRange(ExternalIdsOf(product, string.Empty));
        result.Variants.AddRange(product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Sku, StringComparer.Ordinal).Select(v => v.ToContract(product)));
        return result;
    }

    private static Contract.Variant ToContract(this Variant variant, Product product)
    {
        var result = new Contract.Variant
        {
            Sku = variant.Sku,
            Barcode = variant.Barcode,
            Title = variant.Title,
            TaxClass = variant.TaxClass,
            GlCategory = variant.GlCategory,
            WeightGrams = variant.WeightGrams,
            Active = variant.Active,
        };
        if (variant.CostCurrency.Length > 0)
        {
            result.UnitCost = variant.UnitCost.ToMoney(variant.CostCurrency);
        }

        result.ListPrices.AddRange(variant.ListPrices.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => p.Amount.ToMoney(p.Currency)));
        result.ExternalIds.AddRange(ExternalIdsOf(product, variant.Sku));
        return result;
    }

    private static IEnumerable<Contract.ExternalId> ExternalIdsOf(Product product, string sku) =>
        Canonical.ParseExternalIds(ExternalIds.Read(product, sku)).Select(r => new Contract.ExternalId { Channel = r.Channel, Kind = r.Kind, Value = r.Value });
}
