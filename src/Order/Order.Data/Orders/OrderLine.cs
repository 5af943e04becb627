namespace Integration.Order.Data.Orders;

/// <summary>One product line as sold. Shipments and refunds will refer to it by <see cref="Id"/>.</summary>
public sealed class OrderLine
{
    public long Id { get; set; }

    public required string OrderId { get; set; }

    /// <summary>The channel's line id, unique within the order: later channel facts (shipments, refunds) name lines by it.</summary>
    public required string ExternalLineId { get; set; }

    /// <summary>Normalised SKU.</summary>
    public required string Sku { get; set; }

    public string Title { get; set; } = string.Empty;

    public long Quantity { get; set; }

    /// <summary>Price of one unit as sold, in the order's currency.</summary>
    public decimal UnitPrice { get; set; }

    /// <summary>Discounts allocated to the whole line (not per unit).</summary>
    public decimal TotalDiscount { get; set; }

    /// <summary>Discount allocations as JSON ([{"amount":"3.34","index":0}]); their sum is <see cref="TotalDiscount"/>.</summary>
    public string DiscountAllocations { get; set; } = "[]";

    // Quantities moved by applied facts; each bounded by Quantity.
    public long QuantityShipped { get; set; }

    public long QuantityRefunded { get; set; }

    public long QuantityReturned { get; set; }

    /// <summary>Refunded with restock "cancel": never to be shipped.</summary>
    public long QuantityCancelled { get; set; }

    /// <summary>Position in the order as the channel sent it, so reads keep that order.</summary>
    public int Position { get; set; }

    public List<TaxLine> TaxLines { get; set; } = [];
}
