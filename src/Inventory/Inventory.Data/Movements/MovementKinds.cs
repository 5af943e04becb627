namespace Integration.Inventory.Data.Movements;

/// <summary>The values of <see cref="StockMovement.Kind"/>.</summary>
public static class MovementKinds
{
    public const string Receipt = "receipt";
}
