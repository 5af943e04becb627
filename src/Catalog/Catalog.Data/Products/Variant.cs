namespace Integration.Catalog.Data.Products;

/// <summary>One stock-keeping form of a product.</summary>
public sealed class Variant
{
    public required string ProductId { get; set; }

    /// <summary>Normalised SKU, unique across the catalog and never reused: the key (no generated id to read back on insert).</summary>
    public required string Sku { get; set; }

    public string Barcode { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public decimal UnitCost { get; set; }

    public string CostCurrency { get; set; } = string.Empty;

    public string TaxClass { get; set; } = string.Empty;

    public string GlCategory { get; set; } = string.Empty;

    public long WeightGrams { get; set; }

    public bool Active { get; set; }

    /// <summary>Position in the product's variant list, so reads return the order the source sent.</summary>
    public int Position { get; set; }

    /// <summary>Per field, the system and source version that last set it (JSON).</summary>
    public string Stamps { get; set; } = "{}";

    public List<VariantPrice> ListPrices { get; set; } = [];
}

/// <summary>A list price in one currency.</summary>
public sealed class VariantPrice
{
    public required string Currency { get; set; }

    public decimal Amount { get; set; }
}
