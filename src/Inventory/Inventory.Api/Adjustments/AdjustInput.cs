using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Movements;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Adjustments;

/// <summary>A validated warehouse movement other than a receipt.</summary>
internal sealed record AdjustInput(string MovementId, AdjustmentKind Kind, string Sku, string LocationId, string? ToLocationId, long Quantity, string Reason, string Reference)
{
    public const long MaxQuantity = 1_000_000;

    public static AdjustInput From(AdjustStockRequest request)
    {
        if (request.Kind == AdjustmentKind.Unspecified || !Enum.IsDefined(request.Kind))
        {
            throw new ValidationException("kind", "must be TRANSFER, DAMAGE, WRITE_OFF or RETURN");
        }

        var location = Require.Identifier(request.LocationId, "location_id");
        string? to = null;
        if (request.Kind == AdjustmentKind.Transfer)
        {
            to = Require.Identifier(request.ToLocationId, "to_location_id");
            if (to == location)
            {
                throw new ValidationException("to_location_id", "must differ from location_id");
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.ToLocationId))
        {
            throw new ValidationException("to_location_id", "is only for transfers");
        }

        return new AdjustInput(
            Require.Identifier(request.MovementId, "movement_id"), request.Kind, Require.Sku(request.Sku, "sku"), location, to,
            Require.Quantity(request.Quantity, "quantity", MaxQuantity), Require.Text(request.Reason, "reason", 200),
            Require.Text(request.Reference, "reference", 200, optional: true));
    }

    /// <summary>The movements this adjustment books: one, or a transfer's two legs (out first).</summary>
    public IReadOnlyList<MovementEntry> Entries()
    {
        var hash = MovementHash.Of(Kind.ToString(), Sku, LocationId + ">" + ToLocationId, Quantity, Reason + "\n" + Reference);
        return Kind switch
        {
            AdjustmentKind.Transfer =>
            [
                new MovementEntry(MovementId, MovementKinds.TransferOut, Sku, LocationId, -Quantity, Reason, Reference, hash),
                new MovementEntry(MovementId + ":in", MovementKinds.TransferIn, Sku, ToLocationId!, Quantity, Reason, Reference, hash),
            ],
            AdjustmentKind.Damage => [new MovementEntry(MovementId, MovementKinds.Damage, Sku, LocationId, -Quantity, Reason, Reference, hash)],
            AdjustmentKind.WriteOff => [new MovementEntry(MovementId, MovementKinds.WriteOff, Sku, LocationId, -Quantity, Reason, Reference, hash)],
            _ => [new MovementEntry(MovementId, MovementKinds.Return, Sku, LocationId, Quantity, Reason, Reference, hash)],
        };
    }
}
