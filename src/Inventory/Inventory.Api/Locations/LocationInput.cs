using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Contract = Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Locations;

/// <summary>A validated location from an upsert request.</summary>
internal sealed record LocationInput(string Id, string Name, int Priority, bool ShipsOnline)
{
    public static LocationInput From(Contract.Location? location)
    {
        if (location is null)
        {
            throw new ValidationException("location", "is required");
        }

        var id = Require.Identifier(location.LocationId, "location.location_id");
        var name = Require.Text(location.Name, "location.name", 200);
        if (location.Priority < 0)
        {
            throw new ValidationException("location.priority", $"{location.Priority} must be zero or positive");
        }

        return new LocationInput(id, name, location.Priority, location.ShipsOnline);
    }
}
