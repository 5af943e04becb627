namespace Integration.Catalog.Data.Products;

/// <summary>A product as the Catalog stores it.</summary>
public sealed class Product
{
    public required string Id { get; set; }

    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public bool Active { get; set; }

    /// <summary>Bumped by every accepted change; also the optimistic concurrency token.</summary>
    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Which system made the last accepted change.</summary>
    public string LastChangedBy { get; set; } = string.Empty;

    public List<Variant> Variants { get; set; } = [];
}
