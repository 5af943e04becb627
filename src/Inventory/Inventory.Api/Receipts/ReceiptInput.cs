using Integration.Inventory.Data.Movements;
using Integration.Inventory.Movements;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Receipts;

/// <summary>A validated, normalised goods receipt.</summary>
internal sealed record ReceiptInput(string MovementId, string Sku, string LocationId, long Quantity, string Reference)
{
    /// <summary>The largest quantity one receipt may book.</summary>
    public const long MaxQuantity = 1_000_000;

    public static ReceiptInput From(Contract.ReceiveStockRequest request) => new(
        Require.Identifier(request.MovementId, "movement_id"),
        Require.Sku(request.Sku, "sku"),
        Require.Identifier(request.LocationId, "location_id"),
        Require.Quantity(request.Quantity, "quantity", MaxQuantity),
        Require.Text(request.Reference, "reference", 200, optional: true));

    /// <summary>What a retry must repeat exactly to count as the same receipt (the movement id is the key, not part of it).</summary>
    public string Hash() => MovementHash.Of(MovementKinds.Receipt, Sku, LocationId, Quantity, Reference);
}
