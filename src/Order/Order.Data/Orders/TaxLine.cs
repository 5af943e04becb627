namespace Integration.Order.Data.Orders;

/// <summary>One tax charged on a line or on shipping, exactly as the channel computed it (never recomputed).</summary>
public sealed class TaxLine
{
    /// <summary>Position among its owner's tax lines; part of the key.</summary>
    public int Position { get; set; }

    public required string Title { get; set; }

    /// <summary>Fraction, e.g. 0.19 for 19 %; null when the channel reported no rate.</summary>
    public decimal? Rate { get; set; }

    /// <summary>Amount charged, in the order's currency.</summary>
    public decimal Amount { get; set; }
}
