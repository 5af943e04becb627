using Integration.Contracts.Events.V1;
using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>Order events through the real event endpoints and inbox; channel timing from configuration.</summary>
public sealed class OrderEventTests(OrderEventTests.Factory factory) : IClassFixture<OrderEventTests.Factory>
{
    /// <summary>"shop" reserves at order (the default), "b2b" at payment, "web" at cart.</summary>
    public sealed class Factory : InventoryFactory
    {
        public Factory()
        {
            Set("Inventory:Channels:b2b:ReservationTiming", "AtPayment");
            Set("Inventory:Channels:b2b:Allocation", "Split");
            Set("Inventory:Channels:web:ReservationTiming", "AtCart");
        }
    }

    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private static OrderPlaced Placed(string orderId, string channel, params (string Sku, long Quantity)[] lines) => new()
    {
        OrderId = orderId, Channel = channel,
        Lines = { lines.Select((l, i) => new PlacedLine { LineId = $"{orderId}-{i}", Sku = l.Sku, Quantity = l.Quantity }) },
    };

    private async Task<Reservation> ReservationAsync(string id) => (await _client.GetReservationAsync(new GetReservationRequest { ReservationId = id })).Reservation;

    [Fact]
    public async Task Placed_reserves_at_order_shipped_consumes_and_a_redelivery_changes_nothing()
    {
        await _client.AddLocationAsync("OE-WH");
        await _client.ReceiveAsync("grn-oe-1", "SKU-OE-1", "OE-WH", 10);

        Assert.Equal("SUCCESS", await factory.DeliverAsync(Placed("ord-1", "shop", ("sku-oe-1", 3)), "OrderPlacedHandler", eventId: "evt-placed-1"));
        Assert.Equal("SUCCESS", await factory.DeliverAsync(Placed("ord-1", "shop", ("sku-oe-1", 3)), "OrderPlacedHandler", eventId: "evt-placed-1"));

        var reserved = await ReservationAsync("order:ord-1");
        Assert.Equal((ReservationState.Committed, "ord-1", 3L), (reserved.State, reserved.OrderId, reserved.Lines[0].Quantity));
        Assert.Equal(3, (await _client.AvailabilityAsync("SKU-OE-1")).Reserved);

        var shipped = new OrderShipped { OrderId = "ord-1", ShipmentId = "shp-1", LocationId = "OE-WH", Lines = { new ShippedLine { Sku = "SKU-OE-1", Quantity = 2 } } };
        await factory.DeliverAsync(shipped, "OrderShippedHandler", eventId: "evt-shipped-1");
        await factory.DeliverAsync(shipped, "OrderShippedHandler", eventId: "evt-shipped-1");
        Assert.Equal((8L, 1L), await Figures("SKU-OE-1"));
        var rest = new OrderShipped { OrderId = "ord-1", ShipmentId = "shp-2", LocationId = "OE-WH", Lines = { new ShippedLine { Sku = "SKU-OE-1", Quantity = 1 } } };
        await factory.DeliverAsync(rest, "OrderShippedHandler");

        Assert.Equal((7L, 0L), await Figures("SKU-OE-1"));
        Assert.Equal(ReservationState.Consumed, (await ReservationAsync("order:ord-1")).State);
        Assert.Equal(2, (await factory.RecordedAsync<StockAdjusted>()).Count(e => e.Sku == "SKU-OE-1" && e.Kind == "shipment"));
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task Cancelled_releases_and_a_refund_with_restock_returns_units_to_the_given_location()
    {
        await _client.AddLocationAsync("OE-C");
        await _client.AddLocationAsync("OE-RETURNS");
        await _client.ReceiveAsync("grn-oe-2", "SKU-OE-2", "OE-C", 10);
        await factory.DeliverAsync(Placed("ord-2", "shop", ("SKU-OE-2", 4)), "OrderPlacedHandler");
        await factory.DeliverAsync(Placed("ord-3", "shop", ("SKU-OE-2", 5)), "OrderPlacedHandler");
        await factory.DeliverAsync(new OrderShipped { OrderId = "ord-3", ShipmentId = "s", LocationId = "OE-C", Lines = { new ShippedLine { Sku = "SKU-OE-2", Quantity = 5 } } }, "OrderShippedHandler");

        await factory.DeliverAsync(new OrderCancelled { OrderId = "ord-2", Reason = "customer" }, "OrderCancelledHandler");
        await factory.DeliverAsync(new OrderRefunded
        {
            OrderId = "ord-3", RefundId = "rf-1",
            Lines = { new RefundedLine { Sku = "SKU-OE-2", Quantity = 2, RestockType = "return", LocationId = "OE-RETURNS" }, new RefundedLine { Sku = "SKU-OE-2", Quantity = 1, RestockType = "no_restock" } },
        }, "OrderRefundedHandler");

        Assert.Equal(ReservationState.Released, (await ReservationAsync("order:ord-2")).State);
        Assert.Equal(0, (await _client.AvailabilityAsync("SKU-OE-2")).Reserved);
        Assert.Equal(5, (await _client.LevelAsync("SKU-OE-2", "OE-C")).OnHand);
        Assert.Equal(2, (await _client.LevelAsync("SKU-OE-2", "OE-RETURNS")).OnHand);
        Assert.Equal("cancelled", Assert.Single(await factory.RecordedAsync<ReservationReleased>(), e => e.OrderId == "ord-2").Reason);
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task A_channel_reserving_at_payment_reserves_on_paid_with_its_own_strategy()
    {
        await _client.AddLocationAsync("OE-P1", priority: 1);
        await _client.AddLocationAsync("OE-P2", priority: 2);
        await _client.ReceiveAsync("grn-oe-p1", "SKU-OE-P", "OE-P1", 2);
        await _client.ReceiveAsync("grn-oe-p2", "SKU-OE-P", "OE-P2", 2);

        await factory.DeliverAsync(Placed("ord-p", "b2b", ("SKU-OE-P", 3)), "OrderPlacedHandler");
        Assert.Equal(0, (await _client.AvailabilityAsync("SKU-OE-P")).Reserved);

        await factory.DeliverAsync(new OrderPaid { OrderId = "ord-p", PaymentId = "pay-1" }, "OrderPaidHandler");
        var reservation = await ReservationAsync("order:ord-p");
        Assert.Equal(ReservationState.Committed, reservation.State);
        Assert.Equal(AllocationStrategy.Split, reservation.Allocation);
        Assert.Equal([("OE-P1", 2L), ("OE-P2", 1L)], reservation.Lines.Select(l => (l.LocationId, l.Quantity)));
        await _client.AssertInvariantsHoldAsync();
    }

    [Fact]
    public async Task A_channel_reserving_at_cart_commits_the_cart_hold_moved_to_the_order()
    {
        await _client.AddLocationAsync("OE-CART");
        await _client.ReceiveAsync("grn-oe-cart", "SKU-OE-CART", "OE-CART", 5);
        var hold = InventoryClientExtensions.Request("cart-77", "cart-77", AllocationStrategy.Unspecified, ("SKU-OE-CART", 2, null));
        hold.Channel = "web";
        await _client.ReserveAsync(hold);
        // The connector moves the hold to the order (still pending) before the order is placed.
        await _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = "cart-77", OrderId = "ord-cart" });

        await factory.DeliverAsync(Placed("ord-cart", "web", ("SKU-OE-CART", 2)), "OrderPlacedHandler");

        Assert.Equal(ReservationState.Committed, (await ReservationAsync("cart-77")).State);
        Assert.Equal(2, (await _client.AvailabilityAsync("SKU-OE-CART")).Reserved);
        Assert.Equal(0, (await _client.ListReservationsAsync(new ListReservationsRequest { OrderId = "ord-cart" })).Reservations.Count(r => r.ReservationId == "order:ord-cart"));
    }

    [Fact]
    public async Task An_order_that_cannot_be_reserved_is_rejected_with_the_shortfall_as_lost_demand()
    {
        await _client.AddLocationAsync("OE-SHORT");
        await _client.ReceiveAsync("grn-oe-short", "SKU-OE-SHORT", "OE-SHORT", 1);

        await factory.DeliverAsync(Placed("ord-short", "shop", ("SKU-OE-SHORT", 4)), "OrderPlacedHandler");

        Assert.Equal(ReservationState.Rejected, (await ReservationAsync("order:ord-short")).State);
        var evt = Assert.Single(await factory.RecordedAsync<ReservationRejected>(), e => e.OrderId == "ord-short");
        Assert.Equal(3, evt.Lines[0].Shortfall);

        // The Order service retries its exception after stock arrived: the order is placed again and decided afresh.
        await _client.ReceiveAsync("grn-oe-short-2", "SKU-OE-SHORT", "OE-SHORT", 5);
        await factory.DeliverAsync(Placed("ord-short", "shop", ("SKU-OE-SHORT", 4)), "OrderPlacedHandler");
        await factory.DeliverAsync(Placed("ord-short", "shop", ("SKU-OE-SHORT", 4)), "OrderPlacedHandler");

        Assert.Equal(ReservationState.Committed, (await ReservationAsync("order:ord-short:2")).State);
        Assert.Equal(4, (await _client.AvailabilityAsync("SKU-OE-SHORT")).Reserved);
        Assert.Single(await factory.RecordedAsync<StockReserved>(), e => e.OrderId == "ord-short");
    }

    [Fact]
    public async Task A_shipment_that_would_take_on_hand_below_zero_is_parked_for_a_person()
    {
        await _client.AddLocationAsync("OE-NEG");

        var status = await factory.DeliverAsync(new OrderShipped
        {
            OrderId = "ord-neg", ShipmentId = "s", LocationId = "OE-NEG", Lines = { new ShippedLine { Sku = "SKU-OE-NEG", Quantity = 1 } },
        }, "OrderShippedHandler");

        // Acknowledged (not retried forever) because it is parked as a dead letter.
        Assert.Equal("SUCCESS", status);
        var parked = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.Set<Integration.Messaging.DeadLetters.DeadLetter>(), d => d.LastError.Contains("below zero")));
        Assert.Equal(1, parked);
    }

    private async Task<(long OnHand, long Reserved)> Figures(string sku)
    {
        var item = await _client.AvailabilityAsync(sku);
        return (item.OnHand, item.Reserved);
    }
}
