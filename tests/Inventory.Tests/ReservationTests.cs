using Grpc.Core;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Inventory.V1;
using RejectedLine = Integration.Contracts.Inventory.V1.RejectedLine;

namespace Integration.Inventory.Tests;

public sealed class ReservationTests(InventoryFactory factory) : IClassFixture<InventoryFactory>
{
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private async Task StockAsync(string sku, string location, long quantity, int priority = 0)
    {
        await _client.AddLocationAsync(location, priority);
        await _client.ReceiveAsync($"grn-{sku}-{location}", sku, location, quantity);
    }

    [Fact]
    public async Task A_granted_reservation_holds_stock_and_a_rejected_one_reports_the_shortfall()
    {
        await StockAsync("SKU-R1", "R1-WH", 10);

        var granted = (await _client.ReserveAsync("res-r1-a", "order-r1-a", ("sku-r1", 7, null))).Reservation;
        var rejected = (await _client.ReserveAsync("res-r1-b", "order-r1-b", ("SKU-R1", 5, null))).Reservation;

        Assert.Equal(ReservationState.Pending, granted.State);
        var line = Assert.Single(granted.Lines);
        Assert.Equal(("SKU-R1", "R1-WH", 7L, 7L, false), (line.Sku, line.LocationId, line.Quantity, line.Open, line.Backordered));
        Assert.NotNull(granted.ExpiresAt);

        Assert.Equal(ReservationState.Rejected, rejected.State);
        Assert.Empty(rejected.Lines);
        Assert.Equal(new RejectedLine { Sku = "SKU-R1", Requested = 5, Available = 3, Shortfall = 2 }, Assert.Single(rejected.RejectedLines));
        // The answer is built from the decision's shortfall in memory; reading the stored row gives the same reservation.
        Assert.Equal(rejected, (await _client.GetReservationAsync(new GetReservationRequest { ReservationId = "res-r1-b" })).Reservation);
        Assert.Equal(granted, (await _client.GetReservationAsync(new GetReservationRequest { ReservationId = "res-r1-a" })).Reservation);
        Assert.Equal((10L, 7L, 3L), await Figures("SKU-R1"));

        var rejectedEvent = Assert.Single(await factory.RecordedAsync<ReservationRejected>(), e => e.ReservationId == "res-r1-b");
        Assert.Equal(2, Assert.Single(rejectedEvent.Lines).Shortfall);
        Assert.Single(await factory.RecordedAsync<StockReserved>(), e => e.ReservationId == "res-r1-a");
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task The_same_id_returns_the_first_outcome_and_another_body_is_a_conflict()
    {
        await StockAsync("SKU-R2", "R2-WH", 4);

        var first = await _client.ReserveAsync("res-r2", "order-r2", ("SKU-R2", 3, null));
        await _client.ReceiveAsync("grn-r2-more", "SKU-R2", "R2-WH", 100);
        var rejectedFirst = await _client.ReserveAsync("res-r2-rej", "order-r2", ("SKU-R2", 500, null));
        var again = await _client.ReserveAsync("res-r2", "order-r2", ("SKU-R2", 3, null));
        var rejectedAgain = await _client.ReserveAsync("res-r2-rej", "order-r2", ("SKU-R2", 500, null));

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Reservation, again.Reservation);
        Assert.True(rejectedAgain.Duplicate);
        Assert.Equal(ReservationState.Rejected, rejectedAgain.Reservation.State);
        Assert.Equal(rejectedFirst.Reservation.RejectedLines, rejectedAgain.Reservation.RejectedLines);
        Assert.Equal(3, (await _client.AvailabilityAsync("SKU-R2")).Reserved);

        var conflict = await Assert.ThrowsAsync<RpcException>(() => _client.ReserveAsync("res-r2", "order-r2", ("SKU-R2", 4, null)));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Parallel_calls_with_one_id_reserve_once()
    {
        await StockAsync("SKU-R3", "R3-WH", 100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.ReserveAsync("res-r3", "order-r3", ("SKU-R3", 5, null))));

        Assert.Single(responses, r => !r.Duplicate);
        Assert.Equal(5, (await _client.AvailabilityAsync("SKU-R3")).Reserved);
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Commit_release_and_consume_move_stock_as_the_states_say()
    {
        await StockAsync("SKU-R4", "R4-WH", 20);
        await _client.ReserveAsync("res-r4-a", "cart-r4", ("SKU-R4", 6, null));
        await _client.ReserveAsync("res-r4-b", "order-r4-b", ("SKU-R4", 4, null));

        var committed = (await _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = "res-r4-a", OrderId = "order-r4-a" })).Reservation;
        Assert.Equal((ReservationState.Committed, "order-r4-a"), (committed.State, committed.OrderId));
        Assert.Null(committed.ExpiresAt);
        Assert.Equal(committed, (await _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = "res-r4-a" })).Reservation);

        var partly = await _client.ConsumeReservationAsync(new ConsumeReservationRequest
        {
            ReservationId = "res-r4-a", ConsumptionId = "ship-1", Reference = "SHP-1", Lines = { new ConsumeLine { Sku = "SKU-R4", Quantity = 2 } },
        });
        Assert.Equal((ReservationState.Committed, 2L, 4L), (partly.Reservation.State, partly.Reservation.Lines[0].Consumed, partly.Reservation.Lines[0].Open));
        Assert.Equal((18L, 8L, 10L), await Figures("SKU-R4"));

        var replay = await _client.ConsumeReservationAsync(new ConsumeReservationRequest
        {
            ReservationId = "res-r4-a", ConsumptionId = "ship-1", Reference = "SHP-1", Lines = { new ConsumeLine { Sku = "SKU-R4", Quantity = 2 } },
        });
        Assert.True(replay.Duplicate);
        Assert.Equal((18L, 8L, 10L), await Figures("SKU-R4"));

        var tooMuch = await Assert.ThrowsAsync<RpcException>(() => _client.ConsumeReservationAsync(new ConsumeReservationRequest
        {
            ReservationId = "res-r4-a", ConsumptionId = "ship-2", Lines = { new ConsumeLine { Sku = "SKU-R4", Quantity = 5 } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, tooMuch.StatusCode);

        var rest = await _client.ConsumeReservationAsync(new ConsumeReservationRequest
        {
            ReservationId = "res-r4-a", ConsumptionId = "ship-2", Lines = { new ConsumeLine { Sku = "SKU-R4", Quantity = 4 } },
        });
        Assert.Equal(ReservationState.Consumed, rest.Reservation.State);

        var released = (await _client.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = "res-r4-b", Reason = "cart abandoned" })).Reservation;
        Assert.Equal((ReservationState.Released, 4L, 0L), (released.State, released.Lines[0].Released, released.Lines[0].Open));
        Assert.Equal((14L, 0L, 14L), await Figures("SKU-R4"));
        Assert.Equal(ReservationState.Released, (await _client.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = "res-r4-b" })).Reservation.State);

        var closed = await Assert.ThrowsAsync<RpcException>(() => _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = "res-r4-b" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        Assert.Equal("cart abandoned", Assert.Single(await factory.RecordedAsync<ReservationReleased>(), e => e.ReservationId == "res-r4-b").Reason);

        var history = await _client.ListMovementsAsync(new ListMovementsRequest { Sku = "SKU-R4" });
        Assert.Equal(["shipment", "shipment", "receipt"], history.Movements.Select(m => m.Kind));
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Backorders_go_below_zero_only_to_the_limit_and_are_marked()
    {
        await StockAsync("SKU-R5", "R5-WH", 3);
        await _client.SetPolicyAsync("SKU-R5", "R5-WH", backorderLimit: 5);

        var backordered = (await _client.ReserveAsync("res-r5-a", "order-r5-a", ("SKU-R5", 7, null))).Reservation;
        var beyond = (await _client.ReserveAsync("res-r5-b", "order-r5-b", ("SKU-R5", 2, null))).Reservation;

        Assert.True(Assert.Single(backordered.Lines).Backordered);
        Assert.Equal(ReservationState.Rejected, beyond.State);
        Assert.Equal((3L, 7L, -4L), await Figures("SKU-R5"));
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Safety_stock_is_never_promised()
    {
        await StockAsync("SKU-R6", "R6-WH", 10);
        await _client.SetPolicyAsync("SKU-R6", "R6-WH", safetyStock: 4);

        Assert.Equal(ReservationState.Rejected, (await _client.ReserveAsync("res-r6-a", "o", ("SKU-R6", 7, null))).Reservation.State);
        Assert.Equal(ReservationState.Pending, (await _client.ReserveAsync("res-r6-b", "o", ("SKU-R6", 6, null))).Reservation.State);
    }

    [Fact]
    public async Task Reservations_are_listed_by_order_sku_and_state_in_pages()
    {
        await StockAsync("SKU-R7", "R7-WH", 100);
        for (var i = 0; i < 5; i++)
        {
            await _client.ReserveAsync($"res-r7-{i}", "order-r7", ("SKU-R7", 1, null));
        }

        await _client.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = "res-r7-0" });
        var first = await _client.ListReservationsAsync(new ListReservationsRequest { OrderId = "order-r7", PageSize = 3 });
        var second = await _client.ListReservationsAsync(new ListReservationsRequest { OrderId = "order-r7", PageSize = 3, PageToken = first.NextPageToken });
        var released = await _client.ListReservationsAsync(new ListReservationsRequest { Sku = "sku-r7", State = ReservationState.Released });

        Assert.Equal(["res-r7-4", "res-r7-3", "res-r7-2"], first.Reservations.Select(r => r.ReservationId));
        Assert.Equal(["res-r7-1", "res-r7-0"], second.Reservations.Select(r => r.ReservationId));
        Assert.Empty(second.NextPageToken);
        Assert.Equal(["res-r7-0"], released.Reservations.Select(r => r.ReservationId));
    }

    [Theory]
    [InlineData("", "o", "SKU-X", 1, "reservation_id")]
    [InlineData("r", "", "SKU-X", 1, "order_id")]
    [InlineData("r", "o", "bad sku!", 1, "lines[0].sku")]
    [InlineData("r", "o", "SKU-X", 0, "lines[0].quantity")]
    [InlineData("r", "o", "SKU-X", -3, "lines[0].quantity")]
    [InlineData("r", "o", "SKU-X", 100_001, "lines[0].quantity")]
    public async Task Bad_reserve_requests_are_refused_naming_the_field(string id, string order, string sku, long quantity, string field)
    {
        await RpcAssert.InvalidArgumentAsync(() => _client.ReserveAsync(id, order, (sku, quantity, null)), field);
    }

    [Fact]
    public async Task A_reservation_without_lines_is_refused()
    {
        await RpcAssert.InvalidArgumentAsync(() => _client.ReserveAsync(new ReserveRequest { ReservationId = "r", OrderId = "o" }).ResponseAsync, "lines");
    }

    [Fact]
    public async Task Unknown_skus_and_locations_are_not_found()
    {
        await StockAsync("SKU-R8", "R8-WH", 1);

        var sku = await Assert.ThrowsAsync<RpcException>(() => _client.ReserveAsync("res-r8-a", "o", ("SKU-NEVER-HEARD-OF", 1, null)));
        var location = await Assert.ThrowsAsync<RpcException>(() => _client.ReserveAsync("res-r8-b", "o", ("SKU-R8", 1, "NO-SUCH-WH")));
        var reservation = await Assert.ThrowsAsync<RpcException>(() => _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = "no-such-res" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, sku.StatusCode);
        Assert.Contains("SKU-NEVER-HEARD-OF", sku.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, location.StatusCode);
        Assert.Equal(StatusCode.NotFound, reservation.StatusCode);
    }

    private async Task<(long OnHand, long Reserved, long Available)> Figures(string sku)
    {
        var item = await _client.AvailabilityAsync(sku);
        return (item.OnHand, item.Reserved, item.Available);
    }
}
