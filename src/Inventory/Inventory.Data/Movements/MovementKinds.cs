namespace Integration.Inventory.Data.Movements;

/// <summary>The values of <see cref="StockMovement.Kind"/>.</summary>
public static class MovementKinds
{
    public const string Receipt = "receipt";
    public const string TransferOut = "transfer-out";
    public const string TransferIn = "transfer-in";
    public const string Damage = "damage";
    public const string WriteOff = "write-off";
    public const string Return = "return";
    public const string Count = "count";
    public const string Shipment = "shipment";
    public const string Restock = "restock";
}
