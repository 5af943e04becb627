using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

public sealed class AvailabilityTests(InventoryFactory factory) : IClassFixture<InventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    /// <summary>Safety stock by policy and a reservation pinned to the location.</summary>
    private async Task Hold(string sku, string locationId, long reserved, long safetyStock)
    {
        await _client.SetPolicyAsync(sku, locationId, safetyStock);
        var reservation = await _client.ReserveAsync($"hold-{sku}-{locationId}", "order-av", (sku, reserved, locationId));
        Assert.Equal(ReservationState.Pending, reservation.Reservation.State);
    }

    [Fact]
    public async Task Levels_come_in_priority_then_id_order_with_available_and_totals()
    {
        // Priority beats id: AV-A sorts first by id but is allocated last.
        await _client.AddLocationAsync("AV-A", priority: 9);
        await _client.AddLocationAsync("AV-C", priority: 1);
        await _client.AddLocationAsync("AV-B", priority: 1);
        await _client.ReceiveAsync("grn-av-1", "SKU-AV", "AV-A", 10);
        await _client.ReceiveAsync("grn-av-2", "SKU-AV", "AV-B", 20);
        await _client.ReceiveAsync("grn-av-3", "SKU-AV", "AV-C", 30);
        await Hold("SKU-AV", "AV-B", reserved: 4, safetyStock: 3);

        var item = await _client.AvailabilityAsync("sku-av");

        Assert.Equal("SKU-AV", item.Sku);
        Assert.Equal(["AV-B", "AV-C", "AV-A"], item.Levels.Select(l => l.LocationId));
        Assert.Equal(new StockLevel { Sku = "SKU-AV", LocationId = "AV-B", OnHand = 20, Reserved = 4, SafetyStock = 3, Available = 13, Version = 3 }, item.Levels[0]);
        Assert.Equal((60L, 4L, 53L), (item.OnHand, item.Reserved, item.Available));

        // A new priority reorders the levels.
        await _client.AddLocationAsync("AV-A", priority: 0);
        Assert.Equal(["AV-A", "AV-B", "AV-C"], (await _client.AvailabilityAsync("SKU-AV")).Levels.Select(l => l.LocationId));
    }

    [Fact]
    public async Task A_location_filter_keeps_only_those_locations_and_their_totals()
    {
        await _client.AddLocationAsync("FLT-1");
        await _client.AddLocationAsync("FLT-2");
        await _client.ReceiveAsync("grn-flt-1", "SKU-FLT", "FLT-1", 7);
        await _client.ReceiveAsync("grn-flt-2", "SKU-FLT", "FLT-2", 11);

        var response = await _client.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-FLT" }, LocationIds = { "FLT-2", "FLT-UNKNOWN" } });

        var item = Assert.Single(response.Items);
        Assert.Equal(["FLT-2"], item.Levels.Select(l => l.LocationId));
        Assert.Equal((11L, 11L), (item.OnHand, item.Available));
    }

    [Fact]
    public async Task Every_sku_asked_answers_in_order_and_one_without_stock_reports_zeros()
    {
        await _client.AddLocationAsync("ORD-WH");
        await _client.ReceiveAsync("grn-ord-1", "SKU-ORD-1", "ORD-WH", 4);
        await _client.ReceiveAsync("grn-ord-2", "SKU-ORD-2", "ORD-WH", 6);

        var response = await _client.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "sku-ord-2", "SKU-NEVER-STOCKED", " SKU-ORD-1 " } });

        Assert.Equal(["SKU-ORD-2", "SKU-NEVER-STOCKED", "SKU-ORD-1"], response.Items.Select(i => i.Sku));
        Assert.Equal([6L, 0L, 4L], response.Items.Select(i => i.OnHand));
        Assert.Equal(new SkuAvailability { Sku = "SKU-NEVER-STOCKED" }, response.Items[1]);
    }

    [Fact]
    public async Task Five_hundred_skus_are_answered()
    {
        var request = new GetAvailabilityRequest();
        request.Skus.AddRange(Enumerable.Range(0, 500).Select(i => $"SKU-MANY-{i}"));

        var response = await _client.GetAvailabilityAsync(request);

        Assert.Equal(request.Skus, response.Items.Select(i => i.Sku));
    }

    [Theory]
    [InlineData(0, null, null, "skus")]
    [InlineData(501, null, null, "skus")]
    [InlineData(3, "bad sku!", null, "skus[1]")]
    [InlineData(3, " ", null, "skus[1]")]
    [InlineData(1, null, "bad id!", "location_ids[0]")]
    public async Task Bad_request_is_refused_with_InvalidArgument_naming_the_field(int count, string? badSku, string? badLocation, string field)
    {
        var request = new GetAvailabilityRequest();
        request.Skus.AddRange(Enumerable.Range(0, count).Select(i => i == 1 && badSku is not null ? badSku : $"SKU-{i}"));
        if (badLocation is not null)
        {
            request.LocationIds.Add(badLocation);
        }

        await RpcAssert.InvalidArgumentAsync(() => _client.GetAvailabilityAsync(request).ResponseAsync, field);
    }
}
