namespace Integration.Inventory.Data.Stock;

/// <summary>
/// The stock of one SKU at one location. Quantities change only through single conditional or
/// incremental UPDATE statements, never read-modify-write, because several replicas write the same rows.
/// </summary>
public sealed class StockLevel
{
    /// <summary>Normalised SKU (upper case).</summary>
    public required string Sku { get; set; }

    public required string LocationId { get; set; }

    /// <summary>Units physically at the location, as warehouse facts say.</summary>
    public long OnHand { get; set; }

    /// <summary>Units held by open reservations.</summary>
    public long Reserved { get; set; }

    /// <summary>Units kept back from sale.</summary>
    public long SafetyStock { get; set; }

    /// <summary>How far available may go below zero for backorders (0: none).</summary>
    public long BackorderLimit { get; set; }

    /// <summary>Grows by one with every change of this row; the sequence of availability events.</summary>
    public long Version { get; set; }

    /// <summary>The <see cref="Version"/> last announced in an availability event.</summary>
    public long PublishedVersion { get; set; }
}
