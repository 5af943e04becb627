namespace Integration.Inventory.Data.Locations;

/// <summary>A place that holds stock: a warehouse, a store, a 3PL.</summary>
public sealed class Location
{
    public required string Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>Allocation order; lower numbers are allocated first.</summary>
    public int Priority { get; set; }

    /// <summary>Whether online orders may be shipped from here.</summary>
    public bool ShipsOnline { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
