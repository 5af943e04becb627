using Integration.Contracts.Events.V1;
using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>Availability events on a fake clock: the publisher's timer fires only when the test moves time.</summary>
public sealed class AvailabilityEventTests(ClockedInventoryFactory factory) : IClassFixture<ClockedInventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private async Task<List<AvailabilityChanged>> EventsAsync(string sku, int atLeast)
    {
        for (var i = 0; i < 200; i++)
        {
            var events = (await factory.RecordedAsync<AvailabilityChanged>()).Where(e => e.Sku == sku).ToList();
            if (events.Count >= atLeast)
            {
                return events;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"fewer than {atLeast} availability events for {sku}");
    }

    [Fact]
    public async Task A_burst_is_one_event_with_the_latest_figures_and_sequences_only_grow()
    {
        await _client.AddLocationAsync("AVE-WH");
        await _client.ReceiveAsync("grn-ave", "SKU-AVE", "AVE-WH", 100);
        for (var i = 0; i < 10; i++)
        {
            await _client.ReserveAsync($"ave-{i}", "o", ("SKU-AVE", 1, null));
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var first = Assert.Single(await EventsAsync("SKU-AVE", 1));
        Assert.Equal((100L, 10L, 90L, 11L), (first.OnHand, first.Reserved, first.Available, first.Sequence));

        await _client.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = "ave-0" });
        await _client.SetPolicyAsync("SKU-AVE", "AVE-WH", safetyStock: 5);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var events = await EventsAsync("SKU-AVE", 2);

        Assert.Equal(2, events.Count);
        Assert.Equal((100L, 9L, 5L, 86L, 13L), (events[1].OnHand, events[1].Reserved, events[1].SafetyStock, events[1].Available, events[1].Sequence));
        Assert.True(events[1].Sequence > events[0].Sequence);
        Assert.Equal(events[1].Sequence, (await _client.LevelAsync("SKU-AVE", "AVE-WH")).Version);

        // Nothing changed: the next tick announces nothing.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(300);
        Assert.Equal(2, (await factory.RecordedAsync<AvailabilityChanged>()).Count(e => e.Sku == "SKU-AVE"));
    }
}
