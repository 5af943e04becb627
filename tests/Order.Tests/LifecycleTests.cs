using Grpc.Core;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Tests;

/// <summary>Payments, shipments, refunds, returns and cancellation: the state machine, its refusals, and that nothing is lost.</summary>
public sealed class LifecycleTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    private async Task<(Contracts.Order.V1.Order Order, OrderKey Key)> PlaceAsync(string externalId)
    {
        var order = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur(externalId) })).Order;
        return (order, new OrderKey { OrderId = order.OrderId });
    }

    private static Shipment Ship(string id, string line, long quantity, string location = "WH1") =>
        new() { ShipmentId = id, LocationId = location, Lines = { new ShipmentLine { ExternalLineId = line, Quantity = quantity } } };

    private static Refund MoneyRefund(string id, decimal amount) =>
        new() { RefundId = id, Transactions = { new RefundTransaction { TransactionId = "t-" + id, Amount = amount.ToMoney("EUR") } } };

    [Fact]
    public async Task Partial_captures_partial_shipments_and_a_return_move_both_statuses_apart()
    {
        var (placed, key) = await PlaceAsync("LIFE-1");
        await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "auth", Kind = PaymentKind.Authorization, Amount = 57.87m.ToMoney("EUR") } });
        var authorized = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;
        await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "cap-1", Kind = PaymentKind.Capture, Amount = 30m.ToMoney("EUR"), ParentPaymentId = "auth" } });
        var partlyPaid = (await _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s1", "11001", 1) })).Order;
        await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "cap-2", Kind = PaymentKind.Capture, Amount = 27.87m.ToMoney("EUR") } });
        await _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s2", "11001", 1, "WH2") });
        var shipped = (await _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s3", "11002", 1) })).Order;
        var returned = (await _client.RecordReturnAsync(new RecordReturnRequest
        {
            Order = key, Return = new Return { ReturnId = "r1", LocationId = "WH1", Lines = { new ShipmentLine { ExternalLineId = "11001", Quantity = 1 } } },
        })).Order;

        Assert.Equal(FinancialStatus.Authorized, authorized.FinancialStatus);
        Assert.Equal((FinancialStatus.PartiallyPaid, FulfillmentStatus.PartiallyShipped), (partlyPaid.FinancialStatus, partlyPaid.FulfillmentStatus));
        Assert.Equal((FinancialStatus.Paid, FulfillmentStatus.Shipped), (shipped.FinancialStatus, shipped.FulfillmentStatus));
        Assert.Equal((FinancialStatus.Paid, FulfillmentStatus.PartiallyReturned, 1L), (returned.FinancialStatus, returned.FulfillmentStatus, returned.Lines[0].QuantityReturned));
        Assert.Equal(3, returned.Shipments.Count);
        var events = await factory.EventsOfAsync(placed.OrderId);
        Assert.Equal(["OrderPlaced", "OrderPaid", "OrderShipped", "OrderPaid", "OrderShipped", "OrderShipped", "OrderReturned"], events.Select(e => e.Descriptor.Name));
        var secondShipment = (OrderShipped)events[4];
        Assert.Equal(("s2", "WH2", "TEE-BLK-M", 1L), (secondShipment.ShipmentId, secondShipment.LocationId, secondShipment.Lines[0].Sku, secondShipment.Lines[0].Quantity));
        Assert.Equal(57.87m, ((OrderPaid)events[3]).CapturedTotal.ToDecimal());
        Assert.Equal(("r1", "WH1"), (((OrderReturned)events[6]).ReturnId, ((OrderReturned)events[6]).LocationId));
    }

    [Fact]
    public async Task Over_shipping_is_refused_with_a_reason_kept_as_rejected_and_opens_an_exception()
    {
        var (placed, key) = await PlaceAsync("OVER-SHIP");
        await _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s1", "11001", 1) });

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s2", "11001", 2) }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("only 1 are left to ship", error.Status.Detail, StringComparison.Ordinal);
        var order = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;
        Assert.Equal(1, order.Lines[0].QuantityShipped);
        var rejected = order.History.Single(h => h.ExternalId == "s2");
        Assert.Equal(FactState.Rejected, rejected.State);
        // Nothing lost: the refused shipment is stored as received.
        var payload = await factory.QueryAsync(db => db.Facts.AsNoTracking().Where(f => f.ExternalId == "s2" && f.OrderId == placed.OrderId).Select(f => f.Payload).SingleAsync());
        Assert.Contains("\"quantity\": \"2\"", payload, StringComparison.Ordinal);
        var exception = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        Assert.Equal((ExceptionType.OverShipment, "2", "1", rejected.FactId), (exception.Type, exception.Evidence["requested"], exception.Evidence["shipped"], exception.FactId));
        Assert.Single(await factory.EventsOfAsync(placed.OrderId), e => e is OrderShipped);

        // A retry without any change still fails: the exception goes back to open, both steps audited.
        var retried = await _client.RetryExceptionAsync(new RetryExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "try again" });
        Assert.Equal((ExceptionState.Open, 1), (retried.Exception.State, retried.Exception.Attempts));
        Assert.Equal(["opened", "retry", "reopened"], retried.Exception.Actions.Select(a => a.Action));
    }

    [Fact]
    public async Task A_refused_shipment_applies_on_retry_once_the_order_allows_it()
    {
        var (placed, key) = await PlaceAsync("RETRY-SHIP");
        // Ships the mug twice: the second is refused.
        await _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s1", "11002", 1) });
        await Assert.ThrowsAsync<RpcException>(() => _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s2", "11001", 3) }).ResponseAsync);
        var exception = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        // Retrying without a change fails again; the order is not held by it (not blocking).
        Assert.False((await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order.Held);

        var retried = await _client.RetryExceptionAsync(new RetryExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "retry" });
        Assert.Equal(ExceptionState.Open, retried.Exception.State);
        var ignored = await _client.IgnoreExceptionAsync(new IgnoreExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "carrier error, the 3 never left" });
        Assert.Equal(ExceptionState.Ignored, ignored.Exception.State);

        var closed = await Assert.ThrowsAsync<RpcException>(() => _client.ResolveExceptionAsync(new ResolveExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "late" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        Assert.Contains("already ignored", closed.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_refunding_units_or_money_is_refused_and_more_than_captured_waits_for_the_capture()
    {
        var (placed, key) = await PlaceAsync("OVER-REFUND");
        var tooMany = new Refund
        {
            RefundId = "r-units",
            Lines = { new RefundLine { ExternalLineId = "11002", Quantity = 2, RestockType = RestockType.NoRestock } },
        };
        var units = await Assert.ThrowsAsync<RpcException>(() => _client.RecordRefundAsync(new RecordRefundRequest { Order = key, Refund = tooMany }).ResponseAsync);
        var money = await Assert.ThrowsAsync<RpcException>(() => _client.RecordRefundAsync(new RecordRefundRequest { Order = key, Refund = MoneyRefund("r-money", 60m) }).ResponseAsync);
        var early = await _client.RecordRefundAsync(new RecordRefundRequest { Order = key, Refund = MoneyRefund("r-early", 10m) });

        Assert.Equal((StatusCode.FailedPrecondition, StatusCode.FailedPrecondition), (units.StatusCode, money.StatusCode));
        Assert.Contains("only 1 are left to refund", units.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("more than the order total 57.87 EUR", money.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(FactOutcome.Pending, early.Outcome);
        Assert.Contains("waits for a capture", early.Order.History.Single(h => h.ExternalId == "r-early").Reason, StringComparison.Ordinal);
        Assert.Equal(0m, early.Order.RefundedAmount.ToDecimal());

        var paid = await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "c", Kind = PaymentKind.Capture, Amount = 57.87m.ToMoney("EUR") } });
        Assert.Equal((10m, FinancialStatus.PartiallyRefunded), (paid.Order.RefundedAmount.ToDecimal(), paid.Order.FinancialStatus));
        Assert.Equal(FactState.Applied, paid.Order.History.Single(h => h.ExternalId == "r-early").State);
        var types = (await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions.Select(e => e.Type);
        Assert.Equal([ExceptionType.OverRefund, ExceptionType.OverRefund], types);
    }

    [Fact]
    public async Task Facts_before_their_order_are_kept_and_applied_when_it_arrives()
    {
        var key = new OrderKey { ChannelRef = new ChannelOrderRef { Channel = "shopify-eu", ExternalOrderId = "EARLY-1" } };
        var payment = await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "c", Kind = PaymentKind.Sale, Amount = 57.87m.ToMoney("EUR") } });
        var returned = await _client.RecordReturnAsync(new RecordReturnRequest
        {
            Order = key, Return = new Return { ReturnId = "back", LocationId = "WH1", Lines = { new ShipmentLine { ExternalLineId = "11002", Quantity = 1 } } },
        });
        var shipment = await _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s", "11002", 1) });

        Assert.All([payment.Outcome, returned.Outcome, shipment.Outcome], o => Assert.Equal(FactOutcome.Pending, o));
        Assert.Null(payment.Order);
        var placed = await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("EARLY-1") });

        var order = placed.Order;
        Assert.True(placed.Created);
        Assert.Equal((FinancialStatus.Paid, FulfillmentStatus.Returned), (order.FinancialStatus, order.FulfillmentStatus));
        Assert.All(order.History, h => Assert.Equal(FactState.Applied, h.State));
        Assert.Equal(["OrderPlaced", "OrderPaid", "OrderShipped", "OrderReturned"], (await factory.EventsOfAsync(order.OrderId)).Select(e => e.Descriptor.Name));
    }

    [Fact]
    public async Task An_older_update_is_ignored_and_counted_a_newer_one_moves_the_timestamp()
    {
        var sent = SampleOrders.Eur("STALE-1");
        var first = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        var older = sent.Clone();
        older.ChannelUpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(SampleOrders.PlacedAt.AddMinutes(1));
        older.Lines[0].Quantity = 9;
        var newer = sent.Clone();
        newer.ChannelUpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(SampleOrders.PlacedAt.AddHours(1));

        var stale = await _client.IngestOrderAsync(new IngestOrderRequest { Order = older });
        var staleAgain = await _client.IngestOrderAsync(new IngestOrderRequest { Order = older });
        var fresh = await _client.IngestOrderAsync(new IngestOrderRequest { Order = newer });

        Assert.True(stale.Stale);
        Assert.Equal(1, stale.Order.StaleUpdatesIgnored);
        Assert.Equal(1, staleAgain.Order.StaleUpdatesIgnored);
        Assert.Equal(2, stale.Order.Lines[0].Quantity);
        Assert.Equal(first.ChannelUpdatedAt, stale.Order.ChannelUpdatedAt);
        Assert.False(fresh.Stale);
        Assert.Equal(newer.ChannelUpdatedAt, fresh.Order.ChannelUpdatedAt);
        Assert.Equal([FactState.Applied, FactState.Stale, FactState.Applied], fresh.Order.History.Select(h => h.State));
        Assert.Single(await factory.EventsOfAsync(first.OrderId));
    }

    [Fact]
    public async Task Fact_requests_with_bad_input_are_InvalidArgument_naming_the_field()
    {
        var (_, key) = await PlaceAsync("BAD-FACT");
        async Task<string> Field(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).Trailers.GetValue("field")!;

        Assert.Equal("payment.kind", await Field(() => _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "x", Amount = 1m.ToMoney("EUR") } }).ResponseAsync));
        Assert.Equal("payment.amount", await Field(() => _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "x", Kind = PaymentKind.Sale, Amount = 1.001m.ToMoney("EUR") } }).ResponseAsync));
        Assert.Equal("shipment.lines", await Field(() => _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = new Shipment { ShipmentId = "s" } }).ResponseAsync));
        Assert.Equal("shipment.lines[0].quantity", await Field(() => _client.RecordShipmentAsync(new RecordShipmentRequest { Order = key, Shipment = Ship("s", "11001", 0) }).ResponseAsync));
        Assert.Equal("refund.refund_id", await Field(() => _client.RecordRefundAsync(new RecordRefundRequest { Order = key, Refund = new Refund() }).ResponseAsync));
        Assert.Equal("return.location_id", await Field(() => _client.RecordReturnAsync(new RecordReturnRequest { Order = key, Return = new Return { ReturnId = "r", Lines = { new ShipmentLine { ExternalLineId = "1", Quantity = 1 } } } }).ResponseAsync));
        Assert.Equal("order", await Field(() => _client.CancelOrderAsync(new CancelOrderRequest()).ResponseAsync));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = new OrderKey { OrderId = "0123456789abcdef0123456789abcdef" }, Payment = new Payment { PaymentId = "x", Kind = PaymentKind.Sale, Amount = 1m.ToMoney("EUR") },
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Totals_that_do_not_add_up_hold_the_order_until_resolved()
    {
        var sent = SampleOrders.Eur("TOTALS-1");
        sent.Totals.Total = 60.00m.ToMoney("EUR");
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;

        Assert.True(placed.Held);
        var exception = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        Assert.Equal((ExceptionType.TotalsMismatch, "57.87", "60.00"), (exception.Type, exception.Evidence["expected_total"], exception.Evidence["reported_total"]));
        Assert.Empty(await factory.EventsOfAsync(placed.OrderId));

        var resolved = await _client.ResolveExceptionAsync(new ResolveExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "finance", Reason = "gift wrap fee not sent as a line" });
        Assert.Equal(ExceptionState.Resolved, resolved.Exception.State);
        Assert.Single(await factory.EventsOfAsync(placed.OrderId), e => e is OrderPlaced);
    }
}
