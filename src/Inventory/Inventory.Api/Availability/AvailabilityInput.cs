using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Availability;

/// <summary>The SKUs (normalised, in the order asked) and the optional location filter of an availability read.</summary>
internal sealed record AvailabilityInput(IReadOnlyList<string> Skus, IReadOnlyList<string> LocationIds)
{
    public const int MaxSkus = 500;
    public const int MaxLocations = 500;

    public static AvailabilityInput From(Contract.GetAvailabilityRequest request)
    {
        if (request.Skus.Count == 0)
        {
            throw new ValidationException("skus", "at least one SKU is required");
        }

        if (request.Skus.Count > MaxSkus)
        {
            throw new ValidationException("skus", $"has {request.Skus.Count} SKUs; at most {MaxSkus} are allowed");
        }

        if (request.LocationIds.Count > MaxLocations)
        {
            throw new ValidationException("location_ids", $"has {request.LocationIds.Count} locations; at most {MaxLocations} are allowed");
        }

        var skus = request.Skus.Select((sku, i) => Require.Sku(sku, $"skus[{i}]")).ToList();
        var locations = request.LocationIds.Select((id, i) => Require.Identifier(id, $"location_ids[{i}]")).Distinct(StringComparer.Ordinal).ToList();
        return new AvailabilityInput(skus, locations);
    }
}
