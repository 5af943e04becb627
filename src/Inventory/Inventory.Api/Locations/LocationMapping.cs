using Integration.Inventory.Data.Locations;
using Contract = Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Locations;

/// <summary>Stored location to wire location.</summary>
internal static class LocationMapping
{
    public static Contract.Location ToContract(this Location location) => new()
    {
        LocationId = location.Id,
        Name = location.Name,
        Priority = location.Priority,
        ShipsOnline = location.ShipsOnline,
    };
}
