using Google.Protobuf.WellKnownTypes;
using Integration.Catalog.Data.Products;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Messaging.Outbox;

namespace Integration.Catalog.Products;

/// <summary>The events a product change publishes.</summary>
internal static class ProductEvents
{
    public static string AggregateKey(string productId) => $"product/{productId}";

    /// <summary>
    /// The outbox row <see cref="OutboxMessage.For(Google.Protobuf.IMessage, string, DateTime)"/> records for the event,
    /// with its data written by <see cref="ProductChangedJson"/> (the same text) instead of protobuf's reflecting formatter.
    /// </summary>
    public static OutboxMessage OutboxRow(ProductChanged evt, string aggregateKey, DateTime utcNow) =>
        OutboxMessage.For(evt, aggregateKey, utcNow, ProductChangedJson.Format);

    public static ProductChanged ToChangedEvent(this Product product, string sourceSystem, IEnumerable<string> changedFields, bool created)
    {
        var evt = new ProductChanged
        {
            ProductId = product.Id,
            Version = product.Version,
            SourceSystem = sourceSystem,
            Active = product.Active,
            OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(product.UpdatedAt, DateTimeKind.Utc)),
            Created = created,
        };
        evt.ChangedFields.AddRange(changedFields);
        evt.Variants.AddRange(product.Variants.OrderBy(v => v.Position).Select(v =>
        {
            var snapshot = new VariantSnapshot
            {
                Sku = v.Sku,
                Active = v.Active && product.Active,
                TaxClass = v.TaxClass,
                GlCategory = v.GlCategory,
                Barcode = v.Barcode,
                WeightGrams = v.WeightGrams,
            };
            if (v.CostCurrency.Length > 0)
            {
                snapshot.UnitCost = v.UnitCost.ToMoney(v.CostCurrency);
            }

            snapshot.ListPrices.AddRange(v.ListPrices.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => p.Amount.ToMoney(p.Currency)));
            snapshot.ExternalIds.AddRange(product.ExternalIds.Where(e => e.Sku == v.Sku)
                .OrderBy(e => e.Channel, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal)
                .Select(e => new ExternalReference { Channel = e.Channel, Kind = e.Kind, Value = e.Value }));
            return snapshot;
        }));
        return evt;
    }
}
