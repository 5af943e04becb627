using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Inventory.Data.Movements;

namespace Integration.Inventory.Receipts;

/// <summary>The events a stock movement publishes.</summary>
internal static class StockEvents
{
    /// <summary>Events of one SKU at one location stay in order.</summary>
    public static string AggregateKey(string sku, string locationId) => $"stock/{sku}@{locationId}";

    public static StockAdjusted Adjusted(ReceiptInput input, long onHandAfter, DateTime at) => new()
    {
        MovementId = input.MovementId,
        Kind = MovementKinds.Receipt,
        Sku = input.Sku,
        LocationId = input.LocationId,
        QuantityDelta = input.Quantity,
        OnHandAfter = onHandAfter,
        Reference = input.Reference,
        OccurredAt = Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
    };
}
