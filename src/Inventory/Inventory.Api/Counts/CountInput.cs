using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Movements;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;

namespace Integration.Inventory.Counts;

/// <summary>A validated physical count.</summary>
internal sealed record CountInput(string CountId, string Sku, string LocationId, long Counted, string Reason, string Reference)
{
    public const long MaxCounted = 100_000_000;

    public static CountInput From(CountStockRequest request)
    {
        if (request.Counted is < 0 or > MaxCounted)
        {
            throw new ValidationException("counted", $"{request.Counted} must be between 0 and {MaxCounted}");
        }

        return new CountInput(
            Require.Identifier(request.CountId, "count_id"), Require.Sku(request.Sku, "sku"), Require.Identifier(request.LocationId, "location_id"),
            request.Counted, Require.Text(request.Reason, "reason", 200), Require.Text(request.Reference, "reference", 200, optional: true));
    }

    public string Hash() => MovementHash.Of("count", Sku, LocationId, Counted, Reason + "\n" + Reference);
}
