namespace Integration.Catalog.Data.Products;

/// <summary>An id of the product (Sku empty) or of one of its variants in one channel; unique per channel and kind.</summary>
public sealed class ExternalId
{
    public required string ProductId { get; set; }

    /// <summary>Empty for the product's own id.</summary>
    public string Sku { get; set; } = string.Empty;

    public required string Channel { get; set; }

    public required string Kind { get; set; }

    public required string Value { get; set; }
}
