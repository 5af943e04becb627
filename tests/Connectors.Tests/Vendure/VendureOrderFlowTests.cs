using Integration.Connectors.Data.Polling;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Integration.Connectors.Tests.Vendure;

/// <summary>Orders placed through Vendure's own Shop API reach Order, Inventory and the Ledger through the poller.</summary>
[Collection(VendureCollection.Name)]
public sealed class VendureOrderFlowTests(VendureFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task An_order_checked_out_in_Vendure_is_stored_once_reserved_posted_when_paid_then_shipped_and_refunded()
    {
        // Vendure sells it as VND-FLOW-1; Catalog maps that variant to our SKU FLOW-TEE.
        var variant = await fixture.ProductAsync("FLOW-TEE", "VND-FLOW-1", vendureStock: 10, ourStock: 10);
        var placed = await fixture.Store.PlaceOrderAsync([(variant, 2)], paymentMethod: "dummy-authorize");
        Assert.Equal("PaymentAuthorized", placed.State);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // In Order: the lines as sold (our SKU), Vendure's totals (2 × 20.00 + 5.00 shipping + 20 % VAT = 54.00), authorised.
        var order = await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == FinancialStatus.Authorized);
        output.WriteLine($"checkout in Vendure -> order in the Order service: {clock.ElapsedMilliseconds} ms (poll interval 300 ms)");
        Assert.Equal(placed.Code, order.OrderNumber);
        var line = Assert.Single(order.Lines);
        Assert.Equal("FLOW-TEE", line.Sku);
        Assert.Equal(2, line.Quantity);
        Assert.Equal(20.00m, line.UnitPrice.ToDecimal());
        Assert.Equal(8.00m, line.TaxLines.Sum(t => t.Amount.ToDecimal()));
        Assert.Equal("0.2", Assert.Single(line.TaxLines).Rate);
        Assert.Equal(54.00m, order.Totals.Total.ToDecimal());
        Assert.Equal(54.00m, placed.TotalWithTax / 100m);
        Assert.False(order.Held, "the order's totals reconcile, nothing holds it");

        // In Inventory: reserved at WH-1 for the order.
        var reservation = await VendureFixture.EventuallyAsync(
            async () => (await fixture.Mesh.InventoryClient.ListReservationsAsync(new ListReservationsRequest { OrderId = order.OrderId })).Reservations.FirstOrDefault(),
            r => r?.State == ReservationState.Committed, "reservation of the order");
        var held = Assert.Single(reservation!.Lines);
        Assert.Equal(("FLOW-TEE", "WH-1", 2L), (held.Sku, held.LocationId, held.Quantity));

        // Nothing captured, nothing cleared yet; the merchant settles the payment in Vendure: captured in Order, cleared in the Ledger.
        await fixture.Store.SettlePaymentAsync(placed.PaymentIds[0]);
        clock.Restart();
        order = await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == FinancialStatus.Paid);
        output.WriteLine($"payment settled in Vendure -> captured in Order: {clock.ElapsedMilliseconds} ms (open-order sweep every 300 ms)");
        Assert.Equal(54.00m, order.CapturedAmount.ToDecimal());
        var trial = await VendureFixture.EventuallyAsync(
            () => fixture.Mesh.LedgerClient.GetTrialBalanceAsync(new GetTrialBalanceRequest { CurrencyCode = "EUR" }).ResponseAsync,
            t => t.Lines.Any(l => l.DebitTotal.ToDecimal() >= 54.00m), "the payment posted in the Ledger");
        Assert.True(trial.Balanced);
        var reconciled = await fixture.Mesh.LedgerClient.ReconcileAsync(new ReconcileRequest { OrderId = order.OrderId });
        Assert.Empty(reconciled.Differences);

        // Shipped in Vendure: the shipment leaves from where Inventory holds the stock, and consumes the reservation.
        await fixture.Store.ShipAsync([(placed.LineIds[0], 2)], "TRK-FLOW-1");
        order = await fixture.OrderAsync(placed.Id, o => o.FulfillmentStatus == FulfillmentStatus.Shipped);
        var shipment = Assert.Single(order.Shipments);
        Assert.Equal("WH-1", shipment.LocationId);
        Assert.Equal("TRK-FLOW-1", Assert.Single(shipment.TrackingNumbers));
        await VendureFixture.EventuallyAsync(
            async () => (await fixture.Mesh.InventoryClient.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "FLOW-TEE" } })).Items.Single().Levels.Single(l => l.LocationId == "WH-1"),
            l => l.OnHand == 8 && l.Reserved == 0, "on hand down by the shipment");

        // One unit refunded (and the refund settled) in Vendure: 24.00 back.
        await fixture.Store.RefundAsync(placed.PaymentIds[0], [(placed.LineIds[0], 1)], "rf-flow-1");
        order = await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == FinancialStatus.PartiallyRefunded);
        Assert.Equal(24.00m, order.RefundedAmount.ToDecimal());

        // Polled over and over since: every fact is there exactly once.
        await Task.Delay(1500);
        order = await fixture.OrderAsync(placed.Id, _ => true);
        Assert.Equal(2, order.Payments.Count);
        Assert.Single(order.Shipments);
        Assert.Single(order.Refunds);
        Assert.Equal(1, order.History.Count(h => h.Kind == FactKind.Placed));
        Assert.Equal(order.History.Count, order.History.Select(h => (h.Kind, h.ExternalId)).Distinct().Count());
        var exceptions = await fixture.Mesh.OrderClient.ListExceptionsAsync(new ListExceptionsRequest { OrderId = order.OrderId });
        Assert.Empty(exceptions.Exceptions);
    }

    [Fact]
    public async Task Cancellations_and_amount_refunds_in_Vendure_release_stock_and_return_money_in_Order()
    {
        var variant = await fixture.ProductAsync("CANCEL-TEE", "VND-CANCEL-1", vendureStock: 10, ourStock: 10);
        var placed = await fixture.Store.PlaceOrderAsync([(variant, 3)]);
        var order = await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == FinancialStatus.Paid);
        await VendureFixture.EventuallyAsync(() => ReservedAsync("CANCEL-TEE"), r => r == 3, "3 reserved");

        // One unit cancelled from an order that goes on: a money-less refund with restock "cancel"; Inventory lets it go.
        await fixture.Store.CancelAsync(placed.Id, [(placed.LineIds[0], 1)]);
        order = await fixture.OrderAsync(placed.Id, o => o.Lines.Single().QuantityCancelled == 1);
        await VendureFixture.EventuallyAsync(() => ReservedAsync("CANCEL-TEE"), r => r == 2, "2 reserved after the partial cancel");

        // 10.00 handed back without naming lines: one adjustment carries it, the refund reconciles (no mismatch exception).
        await fixture.Store.RefundAmountAsync(placed.PaymentIds[0], 1000, "rf-cancel-1");
        order = await fixture.OrderAsync(placed.Id, o => o.RefundedAmount.ToDecimal() == 10.00m);
        var refund = Assert.Single(order.Refunds, r => r.RefundId.StartsWith("refund:", StringComparison.Ordinal));
        Assert.Equal(10.00m, Assert.Single(refund.Adjustments).Amount.ToDecimal());

        // The rest of the order cancelled: Order cancels it, Inventory releases what was still reserved.
        await fixture.Store.CancelAsync(placed.Id, null);
        order = await fixture.OrderAsync(placed.Id, o => o.Cancelled);
        await VendureFixture.EventuallyAsync(() => ReservedAsync("CANCEL-TEE"), r => r == 0, "nothing reserved after the cancellation");
        var exceptions = await fixture.Mesh.OrderClient.ListExceptionsAsync(new ListExceptionsRequest { OrderId = order.OrderId });
        Assert.Empty(exceptions.Exceptions);
    }

    [Fact]
    public async Task A_Connectors_restart_resumes_from_its_durable_cursor_without_losing_or_repeating_an_order()
    {
        var variant = await fixture.ProductAsync("RESUME-TEE", "VND-RESUME-1", vendureStock: 50, ourStock: 50);
        var first = await fixture.Store.PlaceOrderAsync([(variant, 1)]);
        await fixture.OrderAsync(first.Id, o => o.FinancialStatus == FinancialStatus.Paid);
        var cursor = await fixture.Mesh.ConnectorsDbAsync(db => db.PollCursors.AsNoTracking().SingleAsync(c => c.Channel == VendureFixture.Channel));

        // One order placed just before the restart (either instance may take it), one while it is down, one after.
        var racing = await fixture.Store.PlaceOrderAsync([(variant, 1)]);
        var restart = fixture.Mesh.RestartConnectorsAsync();
        var during = await fixture.Store.PlaceOrderAsync([(variant, 1)]);
        await restart;
        var resumed = await fixture.Mesh.ConnectorsDbAsync(db => db.PollCursors.AsNoTracking().SingleAsync(c => c.Channel == VendureFixture.Channel));
        Assert.True(CursorPosition(resumed) >= CursorPosition(cursor), "the restarted service starts from the stored cursor, never behind it");
        var after = await fixture.Store.PlaceOrderAsync([(variant, 1)]);

        foreach (var placed in new[] { first, racing, during, after })
        {
            var order = await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == FinancialStatus.Paid);
            Assert.Equal(1, order.History.Count(h => h.Kind == FactKind.Placed));
            Assert.Equal(2, order.Payments.Count);
        }

        await Task.Delay(1000);
        var stored = (await fixture.Mesh.OrderClient.ListOrdersAsync(new ListOrdersRequest { Filter = new OrderFilter { Channel = VendureFixture.Channel }, PageSize = 500 })).Orders
            .Where(o => o.Lines.Any(l => l.Sku == "RESUME-TEE")).ToList();
        Assert.Equal(4, stored.Count);
        Assert.Equal(4, (await fixture.Mesh.InventoryClient.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "RESUME-TEE" } })).Items.Single().Levels.Single(l => l.LocationId == "WH-1").Reserved);
    }

    private static long CursorPosition(Data.Polling.PollCursor cursor) => long.Parse(cursor.Position[(cursor.Position.LastIndexOf('|') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> ReservedAsync(string sku) =>
        (await fixture.Mesh.InventoryClient.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku } })).Items.Single().Levels.Single(l => l.LocationId == "WH-1").Reserved;

    [Fact]
    public async Task An_order_Vendure_settles_for_stock_we_do_not_have_is_a_reservation_rejected_exception()
    {
        // Vendure believes in 5; Inventory has 1, at a location whose stock Vendure is never told (as if the push had not
        // landed yet). Vendure takes the money for 2 (it allocates after settling, and only against its own figures).
        var variant = await fixture.ProductAsync("OVER-TEE", "VND-OVER-1", vendureStock: 5, ourStock: 1, ourLocation: "WH-3");
        var placed = await fixture.Store.PlaceOrderAsync([(variant, 2)]);
        Assert.Equal("PaymentSettled", placed.State);

        var order = await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == FinancialStatus.Paid && o.Held);
        var exception = Assert.Single((await fixture.Mesh.OrderClient.ListExceptionsAsync(new ListExceptionsRequest { OrderId = order.OrderId })).Exceptions);
        Assert.Equal(ExceptionType.ReservationRejected, exception.Type);
        Assert.Equal(ExceptionState.Open, exception.State);
        var rejected = Assert.Single((await fixture.Mesh.InventoryClient.ListReservationsAsync(new ListReservationsRequest { OrderId = order.OrderId })).Reservations);
        Assert.Equal(ReservationState.Rejected, rejected.State);
        Assert.Equal(1, Assert.Single(rejected.RejectedLines).Shortfall);
    }

    [Fact]
    public async Task A_Vendure_restart_mid_poll_loses_no_order_and_duplicates_none()
    {
        var variant = await fixture.ProductAsync("RESTART-TEE", "VND-RESTART-1", vendureStock: 50, ourStock: 50);
        var before = new List<PlacedOrder>();
        for (var i = 0; i < 3; i++)
        {
            before.Add(await fixture.Store.PlaceOrderAsync([(variant, 1)]));
        }

        // Killed while the poller is reading (it polls every 300 ms): its calls fail, the cursor stays where it was.
        var failedPolls = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "integration.connectors.vendure.polls")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "failed" })
                {
                    Interlocked.Increment(ref failedPolls);
                }
            }
        });
        listener.Start();
        await fixture.Vendure.KillAsync();
        await Task.Delay(1000);
        await fixture.Vendure.RestartAsync();
        Assert.True(Volatile.Read(ref failedPolls) > 0, "the poller polled the dead Vendure and failed");
        var after = new List<PlacedOrder>();
        for (var i = 0; i < 2; i++)
        {
            after.Add(await fixture.Store.PlaceOrderAsync([(variant, 1)]));
        }

        foreach (var placed in before.Concat(after))
        {
            var order = await fixture.OrderAsync(placed.Id, o => o.FinancialStatus == FinancialStatus.Paid);
            Assert.Equal(1, order.History.Count(h => h.Kind == FactKind.Placed));
            Assert.Equal(2, order.Payments.Count);
        }

        // A few more rounds over the overlap window: still one order per Vendure order, and five reservations of one unit.
        await Task.Delay(1500);
        var stored = (await fixture.Mesh.OrderClient.ListOrdersAsync(new ListOrdersRequest { Filter = new OrderFilter { Channel = VendureFixture.Channel }, PageSize = 500 })).Orders
            .Where(o => o.Lines.Any(l => l.Sku == "RESTART-TEE")).ToList();
        Assert.Equal(5, stored.Count);
        Assert.Equal(before.Concat(after).Select(p => p.Id).Order(), stored.Select(o => o.ExternalOrderId).Order());
        var level = (await fixture.Mesh.InventoryClient.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "RESTART-TEE" } })).Items.Single().Levels.Single(l => l.LocationId == "WH-1");
        Assert.Equal(5, level.Reserved);

        // The durable cursor stands on the newest order.
        var cursor = await fixture.Mesh.ConnectorsDbAsync(db => db.PollCursors.AsNoTracking().SingleAsync(c => c.Channel == VendureFixture.Channel));
        Assert.EndsWith("|" + after[^1].Id, cursor.Position, StringComparison.Ordinal);
    }
}
