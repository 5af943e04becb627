using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>Short forms of the calls the tests repeat.</summary>
internal static class InventoryClientExtensions
{
    public static async Task AddLocationAsync(this InventoryService.InventoryServiceClient client, string id, int priority = 0) =>
        await client.UpsertLocationAsync(new UpsertLocationRequest
        {
            Location = new Location { LocationId = id, Name = "Location " + id, Priority = priority, ShipsOnline = true },
        });

    public static async Task<ReceiveStockResponse> ReceiveAsync(
        this InventoryService.InventoryServiceClient client, string movementId, string sku, string locationId, long quantity, string reference = "PO-1") =>
        await client.ReceiveStockAsync(new ReceiveStockRequest
        {
            MovementId = movementId, Sku = sku, LocationId = locationId, Quantity = quantity, Reference = reference,
        });

    public static async Task<SkuAvailability> AvailabilityAsync(this InventoryService.InventoryServiceClient client, string sku)
    {
        var response = await client.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku } });
        return Assert.Single(response.Items);
    }
}
