namespace Integration.Ledger.Data.Postings;

/// <summary>The Ledger's copy of a SKU's standard cost and GL category, from the Catalog's product-changed events.</summary>
public sealed class SkuCost
{
    public required string Sku { get; set; }

    public decimal UnitCost { get; set; }

    public string CostCurrency { get; set; } = string.Empty;

    public string GlCategory { get; set; } = string.Empty;

    public long CatalogVersion { get; set; }
}
