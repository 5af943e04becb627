using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>Short forms of the calls the tests repeat.</summary>
internal static class InventoryClientExtensions
{
    public static async Task AddLocationAsync(this InventoryService.InventoryServiceClient client, string id, int priority = 0, bool shipsOnline = true) =>
        await client.UpsertLocationAsync(new UpsertLocationRequest
        {
            Location = new Location { LocationId = id, Name = "Location " + id, Priority = priority, ShipsOnline = shipsOnline },
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

    public static async Task<StockLevel> LevelAsync(this InventoryService.InventoryServiceClient client, string sku, string locationId) =>
        (await client.AvailabilityAsync(sku)).Levels.SingleOrDefault(l => l.LocationId == locationId) ?? new StockLevel { Sku = sku, LocationId = locationId };

    public static async Task<SetStockPolicyResponse> SetPolicyAsync(
        this InventoryService.InventoryServiceClient client, string sku, string locationId, long safetyStock = 0, long backorderLimit = 0) =>
        await client.SetStockPolicyAsync(new SetStockPolicyRequest { Sku = sku, LocationId = locationId, SafetyStock = safetyStock, BackorderLimit = backorderLimit });

    /// <summary>Reserves lines of (SKU, quantity, optional location).</summary>
    public static async Task<ReserveResponse> ReserveAsync(
        this InventoryService.InventoryServiceClient client, string reservationId, string orderId, params (string Sku, long Quantity, string? Location)[] lines) =>
        await client.ReserveAsync(Request(reservationId, orderId, AllocationStrategy.Unspecified, lines));

    public static async Task<ReserveResponse> ReserveAsync(
        this InventoryService.InventoryServiceClient client, string reservationId, string orderId, AllocationStrategy strategy, params (string Sku, long Quantity, string? Location)[] lines) =>
        await client.ReserveAsync(Request(reservationId, orderId, strategy, lines));

    public static ReserveRequest Request(string reservationId, string orderId, AllocationStrategy strategy, params (string Sku, long Quantity, string? Location)[] lines) => new()
    {
        ReservationId = reservationId,
        OrderId = orderId,
        Allocation = strategy,
        Lines = { lines.Select(l => new ReserveLine { Sku = l.Sku, Quantity = l.Quantity, LocationId = l.Location ?? string.Empty }) },
    };

    public static async Task AssertInvariantsHoldAsync(this InventoryService.InventoryServiceClient client)
    {
        var check = await client.CheckInvariantsAsync(new CheckInvariantsRequest());
        Assert.True(check.Violations.Count == 0, "invariant violations: " + string.Join("; ", check.Violations.Select(v => $"{v.Sku}@{v.LocationId} {v.Invariant}: {v.Evidence}")));
    }
}
