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
        // Variants are kept in position order, and most have one price and no channel ids: sorted only when needed.
        var variants = product.Variants;
        var ordered = true;
        for (var i = 1; i < variants.Count && ordered; i++)
        {
            ordered = variants[i - 1].Position <= variants[i].Position;
        }

        evt.Variants.AddRange((ordered ? (IEnumerable<Variant>)variants : variants.OrderBy(v => v.Position)).Select(v =>
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

            IEnumerable<VariantPrice> prices = v.ListPrices.Count <= 1 ? v.ListPrices : v.ListPrices.OrderBy(p => p.Currency, StringComparer.Ordinal);
            foreach (var price in prices)
            {
                snapshot.ListPrices.Add(price.Amount.ToMoney(price.Currency));
            }

            if (product.ExternalIds.Count == 0)
            {
                return snapshot;
            }

            snapshot.ExternalIds.AddRange(product.ExternalIds.Where(e => e.Sku == v.Sku)
                .OrderBy(e => e.Channel, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal)
                .Select(e => new ExternalReference { Channel = e.Channel, Kind = e.Kind, Value = e.Value }));
            return snapshot;
        }));
        return evt;
    }
}
