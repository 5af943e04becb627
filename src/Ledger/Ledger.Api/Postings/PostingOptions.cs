namespace Integration.Ledger.Postings;

/// <summary>
/// Account mapping rules (section <c>Ledger:Posting</c>). Keyed maps choose an account by an attribute of the
/// fact; "*" is the fallback. Revenue and COGS are keyed "&lt;channel&gt;/&lt;gl category&gt;", then
/// "&lt;gl category&gt;", then "*"; payment clearing by gateway; tax payable by tax title.
/// </summary>
public sealed class PostingOptions
{
    public const string Section = "Ledger:Posting";

    public Dictionary<string, string> PaymentClearing { get; set; } = new(StringComparer.Ordinal);

    public string Receivable { get; set; } = string.Empty;

    public string Inventory { get; set; } = string.Empty;

    public Dictionary<string, string> TaxPayable { get; set; } = new(StringComparer.Ordinal);

    public string DeferredRevenue { get; set; } = string.Empty;

    public Dictionary<string, string> Revenue { get; set; } = new(StringComparer.Ordinal);

    public string ShippingIncome { get; set; } = string.Empty;

    /// <summary>Contra-revenue account for discounts when <see cref="DiscountMode"/> is Contra.</summary>
    public string Discounts { get; set; } = string.Empty;

    /// <summary>Net: revenue is posted net of discounts. Contra: revenue gross, discounts debited to <see cref="Discounts"/>.</summary>
    public DiscountMode DiscountMode { get; set; } = DiscountMode.Net;

    public string SalesReturns { get; set; } = string.Empty;

    public Dictionary<string, string> Cogs { get; set; } = new(StringComparer.Ordinal);

    public string Shrinkage { get; set; } = string.Empty;

    public string InventoryGain { get; set; } = string.Empty;

    /// <summary>Allowed difference between charged and recomputed tax, per line carrying the tax, in minor units.</summary>
    public int TaxToleranceMinorPerLine { get; set; } = 1;
}

/// <summary>How discounts reach the books.</summary>
public enum DiscountMode
{
    Net,
    Contra,
}
