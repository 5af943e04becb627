namespace Integration.Catalog.Data.Products;

/// <summary>A product as the Catalog stores it.</summary>
public sealed class Product
{
    public required string Id { get; set; }

    public string Title { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public bool Active { get; set; }

    public string SeoTitle { get; set; } = string.Empty;

    public string SeoDescription { get; set; } = string.Empty;

    public string Handle { get; set; } = string.Empty;

    /// <summary>"visible" or "hidden".</summary>
    public string Visibility { get; set; } = "visible";

    /// <summary>Media references as their canonical JSON array (url, alt), in display order.</summary>
    public string MediaJson { get; set; } = "[]";

    /// <summary>Bumped by every accepted change; also the optimistic concurrency token.</summary>
    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Which system made the last accepted change.</summary>
    public string LastChangedBy { get; set; } = string.Empty;

    /// <summary>Per field, the system and source version that last set it (JSON), so stale writes lose.</summary>
    public string Stamps { get; set; } = "{}";

    public List<Variant> Variants { get; set; } = [];

    /// <summary>Channel ids of the product and of its variants (a variant's carry its SKU).</summary>
    public List<ExternalId> ExternalIds { get; set; } = [];
}
