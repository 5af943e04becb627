using System.Text.Json.Serialization;

namespace Integration.Connectors.Vendure;

// Vendure Admin API shapes, only the fields the connector reads. Money is Vendure's integer Money scalar (minor units);
// ids are strings (Vendure's ID scalar).

/// <summary>A page of <c>orders</c>.</summary>
internal sealed record VendureOrderList(List<VendureOrder> Items, int TotalItems);

/// <summary>One Vendure order with everything the connector maps.</summary>
internal sealed record VendureOrder
{
    public required string Id { get; init; }

    public required string Code { get; init; }

    public required string State { get; init; }

    public bool Active { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? OrderPlacedAt { get; init; }

    public required string CurrencyCode { get; init; }

    public long SubTotal { get; init; }

    public long Shipping { get; init; }

    public long Total { get; init; }

    public long TotalWithTax { get; init; }

    public VendureCustomer? Customer { get; init; }

    public List<VendureDiscount> Discounts { get; init; } = [];

    public List<VendureOrderLine> Lines { get; init; } = [];

    public List<VendureShippingLine> ShippingLines { get; init; } = [];

    public List<VendurePayment>? Payments { get; init; }

    public List<VendureFulfillment>? Fulfillments { get; init; }
}

internal sealed record VendureCustomer(string Id, string? EmailAddress);

internal sealed record VendureDiscount(string? AdjustmentSource, string? Type, string Description, long Amount, long AmountWithTax);

internal sealed record VendureOrderLine
{
    public required string Id { get; init; }

    public int Quantity { get; init; }

    public int OrderPlacedQuantity { get; init; }

    public long UnitPrice { get; init; }

    public long LinePrice { get; init; }

    public long ProratedLinePrice { get; init; }

    public long ProratedLinePriceWithTax { get; init; }

    public long ProratedUnitPrice { get; init; }

    public long ProratedUnitPriceWithTax { get; init; }

    public List<VendureTaxLine> TaxLines { get; init; } = [];

    public required VendureVariantRef ProductVariant { get; init; }
}

internal sealed record VendureTaxLine(string Description, decimal TaxRate);

internal sealed record VendureVariantRef(string Id, string? Sku, string? Name);

internal sealed record VendureShippingLine
{
    public VendureShippingMethod? ShippingMethod { get; init; }

    public long Price { get; init; }

    public long PriceWithTax { get; init; }

    public long DiscountedPrice { get; init; }

    public long DiscountedPriceWithTax { get; init; }
}

internal sealed record VendureShippingMethod(string Code, string Name);

internal sealed record VendurePayment
{
    public required string Id { get; init; }

    public required string Method { get; init; }

    public long Amount { get; init; }

    public required string State { get; init; }

    public string? TransactionId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public List<VendureRefund> Refunds { get; init; } = [];
}

internal sealed record VendureRefund
{
    public required string Id { get; init; }

    public long Total { get; init; }

    public required string State { get; init; }

    public string? Reason { get; init; }

    public string? TransactionId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public List<VendureLineQuantity> Lines { get; init; } = [];
}

internal sealed record VendureFulfillment
{
    public required string Id { get; init; }

    public required string State { get; init; }

    public string? Method { get; init; }

    public string? TrackingCode { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public List<VendureLineQuantity> Lines { get; init; } = [];
}

internal sealed record VendureLineQuantity(string OrderLineId, int Quantity);

/// <summary>A variant's stock as <c>productVariants</c> reports it (per stock location).</summary>
internal sealed record VendureVariantStock
{
    public required string Id { get; init; }

    public string? Sku { get; init; }

    public int StockOnHand { get; init; }

    public int StockAllocated { get; init; }

    public int OutOfStockThreshold { get; init; }

    public List<VendureStockLevel> StockLevels { get; init; } = [];
}

internal sealed record VendureStockLevel(string StockLocationId, int StockOnHand, int StockAllocated);

/// <summary>An <c>ErrorResult</c> union member, when a mutation answered with one.</summary>
internal sealed record VendureErrorResult
{
    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
