namespace Integration.Inventory.Stock;

/// <summary>The figures of one stock level as a statement returned them.</summary>
internal readonly record struct LevelFigures(string Sku, string LocationId, long OnHand, long Reserved, long SafetyStock, long BackorderLimit, long Version)
{
    /// <summary>What can still be promised from stock.</summary>
    public long Available => OnHand - Reserved - SafetyStock;

    /// <summary>What can still be promised including backorders.</summary>
    public long Promisable => Available + BackorderLimit;
}
