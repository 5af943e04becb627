namespace Integration.Order.Data.Orders;

/// <summary>One shipping charge of an order.</summary>
public sealed class ShippingLine
{
    public long Id { get; set; }

    public required string OrderId { get; set; }

    public string Title { get; set; } = string.Empty;

    /// <summary>Price before shipping discounts, in the order's currency.</summary>
    public decimal Price { get; set; }

    public decimal Discount { get; set; }

    public int Position { get; set; }

    public List<TaxLine> TaxLines { get; set; } = [];
}
