using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>
/// Three locations: NEAR (priority 1) has 5 A and 1 B, FAR (priority 2) has 10 A and 10 B, STORE (priority 0)
/// has plenty but does not ship online. Each test uses its own SKUs so the scenarios do not share stock.
/// </summary>
public sealed class AllocationTests(InventoryFactory factory) : IClassFixture<InventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private async Task ScenarioAsync(string tag)
    {
        await _client.AddLocationAsync("AL-NEAR", priority: 1);
        await _client.AddLocationAsync("AL-FAR", priority: 2);
        await _client.AddLocationAsync("AL-STORE", priority: 0, shipsOnline: false);
        await _client.ReceiveAsync($"grn-{tag}-1", $"{tag}-A", "AL-NEAR", 5);
        await _client.ReceiveAsync($"grn-{tag}-2", $"{tag}-B", "AL-NEAR", 1);
        await _client.ReceiveAsync($"grn-{tag}-3", $"{tag}-A", "AL-FAR", 10);
        await _client.ReceiveAsync($"grn-{tag}-4", $"{tag}-B", "AL-FAR", 10);
        await _client.ReceiveAsync($"grn-{tag}-5", $"{tag}-A", "AL-STORE", 100);
        await _client.ReceiveAsync($"grn-{tag}-6", $"{tag}-B", "AL-STORE", 100);
    }

    private static List<(string Sku, string Location, long Quantity)> Lines(Reservation r) =>
        r.Lines.Select(l => (l.Sku, l.LocationId, l.Quantity)).ToList();

    [Fact]
    public async Task Priority_fills_each_line_whole_from_the_first_location_that_can()
    {
        await ScenarioAsync("PRI");

        var r = (await _client.ReserveAsync("al-pri", "o", AllocationStrategy.Priority, ("PRI-A", 4, null), ("PRI-B", 2, null))).Reservation;

        Assert.Equal(AllocationStrategy.Priority, r.Allocation);
        Assert.Equal([("PRI-A", "AL-NEAR", 4L), ("PRI-B", "AL-FAR", 2L)], Lines(r));
        // 6 A: NEAR has 1 left, FAR 10: whole from FAR, never split.
        var next = (await _client.ReserveAsync("al-pri-2", "o", AllocationStrategy.Priority, ("PRI-A", 6, null))).Reservation;
        Assert.Equal([("PRI-A", "AL-FAR", 6L)], Lines(next));
        // 12 A: no single online location has 12 (1 + 4 left): rejected, though the store has 100.
        var rejected = (await _client.ReserveAsync("al-pri-3", "o", AllocationStrategy.Priority, ("PRI-A", 12, null))).Reservation;
        Assert.Equal(ReservationState.Rejected, rejected.State);
        Assert.Equal(5, rejected.RejectedLines[0].Available);
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Fewest_splits_ships_from_one_location_when_one_can_fill_the_whole_order()
    {
        await ScenarioAsync("FEW");

        // NEAR can fill A but not B; FAR can fill both: one shipment from FAR beats NEAR's priority.
        var r = (await _client.ReserveAsync("al-few", "o", AllocationStrategy.FewestSplits, ("FEW-A", 4, null), ("FEW-B", 2, null))).Reservation;

        Assert.Equal([("FEW-A", "AL-FAR", 4L), ("FEW-B", "AL-FAR", 2L)], Lines(r));
        // 14 A: no one location has it; split across NEAR (5) and FAR (the rest).
        var split = (await _client.ReserveAsync("al-few-2", "o", AllocationStrategy.FewestSplits, ("FEW-A", 11, null))).Reservation;
        Assert.Equal([("FEW-A", "AL-NEAR", 5L), ("FEW-A", "AL-FAR", 6L)], Lines(split));
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Split_fills_a_line_across_locations_in_priority_order()
    {
        await ScenarioAsync("SPL");

        var r = (await _client.ReserveAsync("al-spl", "o", AllocationStrategy.Split, ("SPL-A", 12, null))).Reservation;
        var tooMuch = (await _client.ReserveAsync("al-spl-2", "o", AllocationStrategy.Split, ("SPL-A", 4, null))).Reservation;

        Assert.Equal([("SPL-A", "AL-NEAR", 5L), ("SPL-A", "AL-FAR", 7L)], Lines(r));
        Assert.Equal(ReservationState.Rejected, tooMuch.State);
        Assert.Equal(new RejectedLine { Sku = "SPL-A", Requested = 4, Available = 3, Shortfall = 1 }, tooMuch.RejectedLines[0]);
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task A_line_naming_a_location_is_held_there_even_if_it_does_not_ship_online()
    {
        await ScenarioAsync("PIN");

        var r = (await _client.ReserveAsync("al-pin", "o", ("PIN-A", 50, "AL-STORE"))).Reservation;

        Assert.Equal([("PIN-A", "AL-STORE", 50L)], Lines(r));
    }

    [Fact]
    public async Task The_channel_policy_picks_the_strategy_when_the_request_does_not()
    {
        await ScenarioAsync("CHN");
        var request = InventoryClientExtensions.Request("al-chn", "o", AllocationStrategy.Unspecified, ("CHN-A", 12, null));
        request.Channel = "marketplace";

        var r = (await _client.ReserveAsync(request)).Reservation;

        // The test host configures no policy for "marketplace": the default (priority) refuses to split.
        Assert.Equal(AllocationStrategy.Priority, r.Allocation);
        Assert.Equal(ReservationState.Rejected, r.State);
    }
}
