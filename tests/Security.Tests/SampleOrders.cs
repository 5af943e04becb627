using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Security.Tests;

/// <summary>A one-line storefront order, enough for an IngestOrder call to succeed once it is authorized.</summary>
internal static class SampleOrders
{
    public static IngestOrderRequest Ingest(string externalId)
    {
        var order = new Integration.Contracts.Order.V1.Order
        {
            Channel = "shopify-eu", ExternalOrderId = externalId, OrderNumber = $"#{externalId}", CurrencyCode = "EUR",
            PlacedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc)),
        };
        order.Lines.Add(new OrderLine { ExternalLineId = "1", Sku = "TEE-M", Quantity = 1, UnitPrice = 19.99m.ToMoney("EUR") });
        return new IngestOrderRequest { Order = order };
    }
}
