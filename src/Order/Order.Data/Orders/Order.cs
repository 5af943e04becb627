namespace Integration.Order.Data.Orders;

/// <summary>An order as a channel captured it, plus the lifecycle state this service owns.</summary>
public sealed class Order
{
    /// <summary>Our id: a new Guid in "N" form, so it never depends on a channel's numbering.</summary>
    public required string Id { get; set; }

    /// <summary>The configured channel (storefront) it came from; with <see cref="ExternalOrderId"/> the idempotency key.</summary>
    public required string Channel { get; set; }

    /// <summary>The channel's order id, kept as text: 64-bit ids must survive every client.</summary>
    public required string ExternalOrderId { get; set; }

    public string OrderNumber { get; set; } = string.Empty;

    /// <summary>ISO 4217 currency of every amount of the order, its lines and its taxes.</summary>
    public required string Currency { get; set; }

    public bool TaxesIncluded { get; set; }

    public string CustomerReference { get; set; } = string.Empty;

    // Totals as the channel reported them, kept for reconciliation; null when the channel did not report one.
    public decimal? Subtotal { get; set; }

    public decimal? TotalDiscounts { get; set; }

    public decimal? TotalShipping { get; set; }

    public decimal? TotalTax { get; set; }

    public decimal? Total { get; set; }

    public DateTime PlacedAt { get; set; }

    public DateTime? ChannelUpdatedAt { get; set; }

    public FinancialStatus FinancialStatus { get; set; }

    public FulfillmentStatus FulfillmentStatus { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>Bumped by every change; also the optimistic concurrency token.</summary>
    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The currency the customer saw, when the channel reports one.</summary>
    public string PresentmentCurrency { get; set; } = string.Empty;

    /// <summary>Order-level discounts as the channel named them (code, kind, amount), as JSON: informational, never summed twice with line allocations.</summary>
    public string Discounts { get; set; } = "[]";

    // Money as applied from payment and refund facts.
    public decimal AuthorizedAmount { get; set; }

    public decimal CapturedAmount { get; set; }

    public decimal RefundedAmount { get; set; }

    public bool Voided { get; set; }

    /// <summary>True while an open blocking exception holds the order's events back.</summary>
    public bool Held { get; set; }

    public string CancelReason { get; set; } = string.Empty;

    public DateTime? CancelledAt { get; set; }

    public long StaleUpdatesIgnored { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public List<ShippingLine> ShippingLines { get; set; } = [];
}
