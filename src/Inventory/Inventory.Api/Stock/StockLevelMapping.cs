using Integration.Inventory.Data.Stock;
using Contract = Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Stock;

/// <summary>Stored stock level to wire stock level, with what can still be promised.</summary>
internal static class StockLevelMapping
{
    /// <summary>On hand less reservations and safety stock. Not clamped: a negative value shows a backordered or over-protected position as it is.</summary>
    public static long Available(this StockLevel level) => level.OnHand - level.Reserved - level.SafetyStock;

    public static Contract.StockLevel ToContract(this StockLevel level) => new()
    {
        Sku = level.Sku,
        LocationId = level.LocationId,
        OnHand = level.OnHand,
        Reserved = level.Reserved,
        SafetyStock = level.SafetyStock,
        Available = level.Available(),
        BackorderLimit = level.BackorderLimit,
        Version = level.Version,
    };

    public static Contract.StockLevel ToContract(this LevelFigures level) => new()
    {
        Sku = level.Sku,
        LocationId = level.LocationId,
        OnHand = level.OnHand,
        Reserved = level.Reserved,
        SafetyStock = level.SafetyStock,
        Available = level.Available,
        BackorderLimit = level.BackorderLimit,
        Version = level.Version,
    };
}
