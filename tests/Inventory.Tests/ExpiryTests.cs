using Integration.Contracts.Events.V1;
using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>Cart holds expire by the (fake) clock: the sweep's timer fires when the test moves time.</summary>
public sealed class ExpiryTests(ClockedInventoryFactory factory) : IClassFixture<ClockedInventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private async Task<Reservation> WaitForStateAsync(string id, ReservationState state)
    {
        for (var i = 0; i < 200; i++)
        {
            var r = (await _client.GetReservationAsync(new GetReservationRequest { ReservationId = id })).Reservation;
            if (r.State == state)
            {
                return r;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{id} did not become {state}");
    }

    [Fact]
    public async Task A_cart_hold_expires_after_the_channel_hold_time_and_a_committed_one_does_not()
    {
        await _client.AddLocationAsync("EXP-WH");
        await _client.ReceiveAsync("grn-exp", "SKU-EXP", "EXP-WH", 10);
        var hold = InventoryClientExtensions.Request("exp-cart", "cart-1", AllocationStrategy.Unspecified, ("SKU-EXP", 4, null));
        hold.Channel = "web";
        var kept = InventoryClientExtensions.Request("exp-kept", "cart-2", AllocationStrategy.Unspecified, ("SKU-EXP", 3, null));
        kept.Channel = "web";

        var created = (await _client.ReserveAsync(hold)).Reservation;
        await _client.ReserveAsync(kept);
        await _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = "exp-kept", OrderId = "order-2" });

        Assert.Equal(factory.Clock.GetUtcNow().AddMinutes(15), created.ExpiresAt.ToDateTimeOffset());
        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        await Task.Delay(200);
        Assert.Equal(ReservationState.Pending, (await _client.GetReservationAsync(new GetReservationRequest { ReservationId = "exp-cart" })).Reservation.State);
        Assert.Equal(7, (await _client.AvailabilityAsync("SKU-EXP")).Reserved);

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await WaitForStateAsync("exp-cart", ReservationState.Expired);

        Assert.Equal(4, expired.Lines[0].Released);
        Assert.Equal(3, (await _client.AvailabilityAsync("SKU-EXP")).Reserved);
        Assert.Equal(ReservationState.Committed, (await _client.GetReservationAsync(new GetReservationRequest { ReservationId = "exp-kept" })).Reservation.State);
        Assert.Equal("expired", Assert.Single(await factory.RecordedAsync<ReservationReleased>(), e => e.ReservationId == "exp-cart").Reason);
        await RpcAssert.StatusAsync(() => _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = "exp-cart" }).ResponseAsync, Grpc.Core.StatusCode.FailedPrecondition, "expired");
        await _client.AssertInvariantsHoldAsync();
    }
}
