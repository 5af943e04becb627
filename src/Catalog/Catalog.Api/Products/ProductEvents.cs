using Google.Protobuf.WellKnownTypes;
using Integration.Catalog.Data.Products;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;

namespace Integration.Catalog.Products;

/// <summary>The events a product change publishes.</summary>
internal static class ProductEvents
{
    public static string AggregateKey(string productId) => $"product/{productId}";

    public static ProductChanged ToChangedEvent(this Product product, string sourceSystem)
    {
        var evt = new ProductChanged
        {
            ProductId = product.Id,
            Version = product.Version,
            SourceSystem = sourceSystem,
            Active = product.Active,
            OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(product.UpdatedAt, DateTimeKind.Utc)),
        };
        evt.Variants.AddRange(product.Variants.OrderBy(v => v.Position).Select(v => new VariantSnapshot
        {
            Sku = v.Sku,
            Active = v.Active && product.Active,
            UnitCost = v.UnitCost.ToMoney(v.CostCurrency),
            TaxClass = v.TaxClass,
            GlCategory = v.GlCategory,
        }));
        return evt;
    }
}
