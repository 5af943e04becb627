namespace Integration.Ledger.Postings;

/// <summary>The posting rules' running state of one order, in minor units of the order currency (JSON on the order row).</summary>
internal sealed class OrderState
{
    public string Channel { get; set; } = string.Empty;

    public string Currency { get; set; } = string.Empty;

    public bool TaxesIncluded { get; set; }

    public List<LineState> Lines { get; set; } = [];

    /// <summary>Shipping charged, net of shipping discounts and of tax.</summary>
    public long ShippingNet { get; set; }

    public List<TaxPart> ShippingTaxes { get; set; } = [];

    /// <summary>Money captured so far.</summary>
    public long Paid { get; set; }

    /// <summary>Tax payable credited from payments, per tax title.</summary>
    public Dictionary<string, long> TaxPaid { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tax payable debited by refunds and cancellation, per tax title.</summary>
    public Dictionary<string, long> TaxReversed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>This order's balance on deferred revenue (credit positive): paid, not yet recognised, not refunded.</summary>
    public long Deferred { get; set; }

    /// <summary>This order's receivable (debit positive): recognised before it was paid.</summary>
    public long Receivable { get; set; }

    public bool ShippingRecognised { get; set; }

    /// <summary>The gateway of the last payment: where a refund without transactions, or a cancellation, returns money.</summary>
    public string Gateway { get; set; } = string.Empty;

    public bool Cancelled { get; set; }

    public long Total => Lines.Sum(l => l.Net + l.Taxes.Sum(t => t.Amount)) + ShippingNet + ShippingTaxes.Sum(t => t.Amount);

    /// <summary>Tax charged per title, lines and shipping together.</summary>
    public Dictionary<string, long> TaxByTitle() =>
        Lines.SelectMany(l => l.Taxes).Concat(ShippingTaxes)
            .GroupBy(t => t.Title, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Amount), StringComparer.Ordinal);
}

/// <summary>One order line: what was sold and how much of it has shipped, been recognised and refunded.</summary>
internal sealed class LineState
{
    public string LineId { get; set; } = string.Empty;

    public string Sku { get; set; } = string.Empty;

    public long Quantity { get; set; }

    /// <summary>Line revenue net of discounts and of tax.</summary>
    public long Net { get; set; }

    /// <summary>Discount on the line (net of tax), for the contra-revenue mode.</summary>
    public long Discount { get; set; }

    public List<TaxPart> Taxes { get; set; } = [];

    public long ShippedQuantity { get; set; }

    /// <summary>Net revenue recognised so far.</summary>
    public long Recognised { get; set; }

    public long RefundedUnshipped { get; set; }

    public long RefundedShipped { get; set; }
}

/// <summary>A tax on a line or on shipping.</summary>
internal sealed record TaxPart(string Title, string Rate, long Amount);
