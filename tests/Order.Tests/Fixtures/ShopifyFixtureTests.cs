using Grpc.Core;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using WireOrder = Integration.Contracts.Order.V1.Order;

namespace Integration.Order.Tests.Fixtures;

/// <summary>
/// Shopify's own reference bodies (shared/fixtures/shopify), mapped as a connector would and sent through gRPC: every
/// field arrives, totals reconcile, and what does not add up in Shopify's data becomes an exception, not a silent fix.
/// </summary>
public sealed class ShopifyFixtureTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    private static WireOrder Order(string file, string channel, string? externalId = null)
    {
        var order = ChannelMapper.ShopifyOrder(FixtureFiles.Shopify(file).GetProperty("order"), channel);
        order.ExternalOrderId = externalId ?? order.ExternalOrderId;
        return order;
    }

    private static OrderKey Key(WireOrder order) => new() { ChannelRef = new ChannelOrderRef { Channel = order.Channel, ExternalOrderId = order.ExternalOrderId } };

    private async Task<List<BusinessException>> ExceptionsOf(string orderId) =>
        [.. (await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = orderId })).Exceptions];

    [Fact]
    public async Task The_partially_refunded_order_carries_every_field_its_payments_fulfilment_and_refund()
    {
        var sent = Order("order_GET_450789469_partially_refunded", "shopify-us");
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        foreach (var payment in ChannelMapper.ShopifyPayments(FixtureFiles.Shopify("transactions_GET_list").GetProperty("transactions")))
        {
            await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = Key(sent), Payment = payment });
        }

        var fulfilment = FixtureFiles.Shopify("fulfillments_GET_list").GetProperty("fulfillments")[0];
        var shipped = await _client.RecordShipmentAsync(new RecordShipmentRequest { Order = Key(sent), Shipment = ChannelMapper.ShopifyFulfillment(fulfilment) });
        var refund = ChannelMapper.ShopifyRefund(FixtureFiles.Shopify("refunds_GET_list_legacy_restock").GetProperty("refunds")[0], "USD");
        var refunded = await _client.RecordRefundAsync(new RecordRefundRequest { Order = Key(sent), Refund = refund });
        var order = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;

        // The order as captured: ids as text, presentment currency, discount code, allocations, float rates as text.
        Assert.Equal(("450789469", "#1001", "USD", "USD", "207119551"), (order.ExternalOrderId, order.OrderNumber, order.CurrencyCode, order.PresentmentCurrencyCode, order.CustomerReference));
        Assert.False(order.TaxesIncluded);
        Assert.Equal("TENOFF", Assert.Single(order.Discounts).Code);
        Assert.Equal(10.00m, order.Discounts[0].Amount.ToDecimal());
        Assert.Equal([3.34m, 3.33m, 3.33m], order.Lines.Select(l => l.DiscountAllocations.Single().Amount.ToDecimal()));
        Assert.Equal([3.34m, 3.33m, 3.33m], order.Lines.Select(l => l.TotalDiscount.ToDecimal()));
        Assert.All(order.Lines, l => Assert.Equal(("State Tax", "0.06", 3.98m), (l.TaxLines.Single().Title, l.TaxLines.Single().Rate, l.TaxLines.Single().Amount.ToDecimal())));
        Assert.Equal(new DateTime(2008, 1, 10, 16, 0, 0, DateTimeKind.Utc), order.PlacedAt.ToDateTime());
        // Totals reconcile: 597.00 + 0.00 shipping + 11.94 tax - 10.00 discounts = 598.94, so no TOTALS_MISMATCH.
        Assert.Equal(598.94m, order.Totals.Total.ToDecimal());
        Assert.Equal(order.Totals.TotalTax.ToDecimal(), order.Lines.SelectMany(l => l.TaxLines).Sum(t => t.Amount.ToDecimal()));
        Assert.Equal(order.Totals.TotalDiscounts.ToDecimal(), order.Lines.Sum(l => l.TotalDiscount.ToDecimal()));

        // Payments: authorisation 598.94, capture 250.94 (the refund transaction belongs to the refund).
        Assert.Equal([PaymentKind.Authorization, PaymentKind.Capture], order.Payments.Select(p => p.Kind));
        Assert.Equal((598.94m, 250.94m), (order.AuthorizedAmount.ToDecimal(), order.CapturedAmount.ToDecimal()));
        Assert.Equal("389404469", order.Payments[1].ParentPaymentId);
        // The fulfilment: one unit of the green iPod from location 655441491 with its USPS tracking.
        Assert.Equal(FactOutcome.Applied, shipped.Outcome);
        var shipment = Assert.Single(order.Shipments);
        Assert.Equal(("255858046", "655441491", "USPS", "1Z1234512345123456"), (shipment.ShipmentId, shipment.LocationId, shipment.TrackingCompany, shipment.TrackingNumbers.Single()));
        Assert.Equal([1L, 0L, 0L], order.Lines.Select(l => l.QuantityShipped));
        Assert.Equal(FulfillmentStatus.PartiallyShipped, order.FulfillmentStatus);

        // The refund: 209.00 actually went back (its transaction), so 250.94 captured is partially refunded.
        Assert.Equal(FactOutcome.Applied, refunded.Outcome);
        Assert.Equal(209.00m, order.RefundedAmount.ToDecimal());
        Assert.Equal(FinancialStatus.PartiallyRefunded, order.FinancialStatus);
        Assert.Equal([1L, 0L, 1L], order.Lines.Select(l => l.QuantityRefunded));
        // Legacy restock: the shipped green unit comes back as a return, the unshipped black one is cancelled.
        Assert.Equal([0L, 0L, 1L], order.Lines.Select(l => l.QuantityCancelled));
        var evt = Assert.IsType<OrderRefunded>((await factory.EventsOfAsync(order.OrderId)).Single(e => e is OrderRefunded));
        Assert.Equal([("703073504", "cancel", 195.66m, 3.98m), ("466157049", "return", 195.67m, 3.98m)],
            evt.Lines.Select(l => (l.LineId, l.RestockType, l.Subtotal.ToDecimal(), l.TotalTax.ToDecimal())));
        Assert.Equal(("487838322", 209.00m), (evt.Lines[0].LocationId, evt.Amount.ToDecimal()));

        // Shopify's sample refund does not add up (lines 399.29, money 209.00): an exception with the figures, not a correction.
        var mismatch = Assert.Single(await ExceptionsOf(order.OrderId));
        Assert.Equal((ExceptionType.RefundAmountMismatch, ExceptionState.Open, false), (mismatch.Type, mismatch.State, mismatch.Blocking));
        Assert.Equal(("209.00", "399.29"), (mismatch.Evidence["transactions"], mismatch.Evidence["expected"]));
        Assert.False(order.Held);
        Assert.Equal([FactKind.Placed, FactKind.Payment, FactKind.Payment, FactKind.Shipment, FactKind.Refund], order.History.Select(h => h.Kind));
        Assert.All(order.History, h => Assert.Equal(FactState.Applied, h.State));
    }

    [Fact]
    public async Task The_cancel_with_refund_fixture_cancels_and_refunds_what_its_transactions_paid_back()
    {
        var body = FixtureFiles.Shopify("order_cancel_with_refund_restock_cancel").GetProperty("order");
        var sent = ChannelMapper.ShopifyOrder(body, "shopify-cancel");
        sent.ChannelUpdatedAt = sent.PlacedAt;
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        // The refund's transactions (10.00 bogus + 100.00 gift card) need money captured: the order's capture of 250.94.
        var capture = ChannelMapper.ShopifyPayments(FixtureFiles.Shopify("transactions_GET_list").GetProperty("transactions")).Single(p => p.Kind == PaymentKind.Capture);
        await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = Key(sent), Payment = capture });

        var cancelled = await _client.CancelOrderAsync(new CancelOrderRequest
        {
            Order = Key(sent),
            Reason = body.GetProperty("cancel_reason").GetString(),
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(body.GetProperty("cancelled_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)),
            Refund = ChannelMapper.ShopifyRefund(body.GetProperty("refunds")[0], "USD"),
        });

        var order = cancelled.Order;
        Assert.Equal(FactOutcome.Applied, cancelled.Outcome);
        Assert.True(order.Cancelled);
        Assert.Equal(("other", "929361464"), (order.Cancellation.Reason, order.Cancellation.RefundId));
        Assert.Equal(new DateTime(2025, 4, 2, 16, 31, 11, DateTimeKind.Utc), order.Cancellation.OccurredAt.ToDateTime());
        // 195.66 + 3.98 refunded on the line, less the 89.64 refund discrepancy = the 110.00 that went back: it reconciles.
        Assert.Equal(110.00m, order.RefundedAmount.ToDecimal());
        Assert.Empty(await ExceptionsOf(order.OrderId));
        Assert.Equal([1L, 0L, 0L], order.Lines.Select(l => l.QuantityRefunded));
        var events = await factory.EventsOfAsync(placed.OrderId);
        Assert.Equal(["OrderPlaced", "OrderPaid", "OrderRefunded", "OrderCancelled"], events.Select(e => e.Descriptor.Name));
        var refund = (OrderRefunded)events[2];
        Assert.True(refund.Cancellation);
        Assert.Equal([("1068278487", "bogus", 10.00m), ("1068278488", "gift_card", 100.00m)], refund.Transactions.Select(t => (t.TransactionId, t.Gateway, t.Amount.ToDecimal())));
        Assert.Equal(-89.64m, refund.Adjustments.ToDecimal());
        Assert.Equal("no_restock", refund.Lines.Single().RestockType);
        Assert.Equal("929361464", ((OrderCancelled)events[3]).RefundId);

        var again = await _client.CancelOrderAsync(new CancelOrderRequest { Order = Key(sent), Reason = "other" });
        Assert.Equal(FactOutcome.Duplicate, again.Outcome);
    }

    [Fact]
    public async Task The_multiple_tax_lines_order_keeps_each_tax_and_is_held_for_its_missing_skus_until_they_are_given()
    {
        var sent = Order("order_POST_multiple_order_level_tax_lines", "shopify-tax");
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;

        Assert.Equal([2, 0, 2], placed.Lines.Select(l => l.TaxLines.Count));
        Assert.Equal(["0.06", "0.025"], placed.Lines[0].TaxLines.Select(t => t.Rate));
        // Per tax title the lines add up to the order-level figures (State 10.20, County 4.25) and to total_tax.
        var byTitle = placed.Lines.SelectMany(l => l.TaxLines).GroupBy(t => t.Title).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount.ToDecimal()));
        Assert.Equal((10.20m, 4.25m), (byTitle["State tax"], byTitle["County tax"]));
        Assert.Equal(270.37m, placed.Totals.Total.ToDecimal());

        // Shopify's custom items have "sku": null: stored, held, and OrderPlaced is not passed on.
        Assert.True(placed.Held);
        var unknown = Assert.Single(await ExceptionsOf(placed.OrderId));
        Assert.Equal((ExceptionType.UnknownSku, true), (unknown.Type, unknown.Blocking));
        Assert.Equal(3, unknown.Evidence.Count);
        Assert.Empty(await factory.EventsOfAsync(placed.OrderId));

        var resolved = await _client.ResolveExceptionAsync(new ResolveExceptionRequest
        {
            ExceptionId = unknown.ExceptionId,
            Actor = "ops@merchant",
            Reason = "mapped the custom items",
            SkuCorrections = { ["1071823173"] = "coat-red", ["1071823174"] = "SHOE-BLUE", ["1071823175"] = "BERET-RASP" },
        });

        Assert.Equal(ExceptionState.Resolved, resolved.Exception.State);
        Assert.Equal(["opened", "resolved"], resolved.Exception.Actions.Select(a => a.Action));
        Assert.Equal("ops@merchant", resolved.Exception.Actions[1].Actor);
        var order = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;
        Assert.False(order.Held);
        Assert.Equal(["COAT-RED", "SHOE-BLUE", "BERET-RASP"], order.Lines.Select(l => l.Sku));
        var released = Assert.IsType<OrderPlaced>(Assert.Single(await factory.EventsOfAsync(placed.OrderId)));
        Assert.Equal(["COAT-RED", "SHOE-BLUE", "BERET-RASP"], released.Lines.Select(l => l.Sku));
        Assert.Equal([2, 0, 2], released.Lines.Select(l => l.TaxLines.Count));
    }

    [Fact]
    public async Task The_EUR_order_is_paid_by_its_sale_and_reconciles_in_EUR()
    {
        var sent = Order("order_POST_EUR_line_level_tax_lines", "shopify-eu");
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        // The request's transaction: a sale of 238.47 (the body gives no transaction id, so the connector names it).
        var sale = new Payment { PaymentId = "sale-1", Kind = PaymentKind.Sale, Amount = 238.47m.ToMoney("EUR") };
        var paid = await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = Key(sent), Payment = sale });

        Assert.Equal(("EUR", "EUR", "#1002"), (placed.CurrencyCode, placed.PresentmentCurrencyCode, placed.OrderNumber));
        Assert.Equal((3L, 74.99m), (placed.Lines[0].Quantity, placed.Lines[0].UnitPrice.ToDecimal()));
        Assert.Equal(("State tax", "0.06", 13.50m), (placed.Lines[0].TaxLines[0].Title, placed.Lines[0].TaxLines[0].Rate, placed.Lines[0].TaxLines[0].Amount.ToDecimal()));
        // 74.99 x 3 + 13.50 = 238.47: the totals reconcile; only the missing SKU holds it.
        Assert.Equal([ExceptionType.UnknownSku], (await ExceptionsOf(placed.OrderId)).Select(e => e.Type));
        Assert.Equal((FinancialStatus.Paid, 238.47m, "EUR"), (paid.Order.FinancialStatus, paid.Order.CapturedAmount.ToDecimal(), paid.Order.CapturedAmount.CurrencyCode));

        var usd = await Assert.ThrowsAsync<RpcException>(() => _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = Key(sent),
            Payment = new Payment { PaymentId = "sale-2", Kind = PaymentKind.Sale, Amount = 1m.ToMoney("USD") },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, usd.StatusCode);
        Assert.Equal("payment.amount.currency_code", usd.Trailers.GetValue("field"));
    }

    [Fact]
    public async Task The_refund_fixtures_apply_with_shipping_and_one_that_does_not_add_up_opens_an_exception()
    {
        var sent = Order("order_GET_450789469_partially_refunded", "shopify-refunds");
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        var capture = ChannelMapper.ShopifyPayments(FixtureFiles.Shopify("transactions_GET_list").GetProperty("transactions")).Single(p => p.Kind == PaymentKind.Capture);
        await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = Key(sent), Payment = capture });

        // create_b: 5.00 of shipping (its shipping_refund adjustment), 5.00 paid back: it adds up.
        var shippingRefund = ChannelMapper.ShopifyRefund(FixtureFiles.Shopify("refund_POST_create_b").GetProperty("refund"), "USD");
        var first = await _client.RecordRefundAsync(new RecordRefundRequest { Order = Key(sent), Refund = shippingRefund });
        // create: 41.94 paid back for a line Shopify reports with subtotal 0.0 and tax 0.0: it does not.
        var lineRefund = ChannelMapper.ShopifyRefund(FixtureFiles.Shopify("refund_POST_create").GetProperty("refund"), "USD");
        var second = await _client.RecordRefundAsync(new RecordRefundRequest { Order = Key(sent), Refund = lineRefund });

        Assert.Equal((FactOutcome.Applied, FactOutcome.Applied), (first.Outcome, second.Outcome));
        Assert.Equal(5.00m, first.Order.Refunds.Single().Shipping.ToDecimal());
        Assert.Equal(46.94m, second.Order.RefundedAmount.ToDecimal());
        var mismatch = Assert.Single(await ExceptionsOf(placed.OrderId));
        Assert.Equal(ExceptionType.RefundAmountMismatch, mismatch.Type);
        Assert.Equal(("929361472", "41.94", "0.00"), (mismatch.Evidence["refund_id"], mismatch.Evidence["transactions"], mismatch.Evidence["expected"]));
        var shipped = (await factory.EventsOfAsync(placed.OrderId)).OfType<OrderRefunded>().First();
        Assert.Equal(5.00m, shipped.ShippingRefunded.ToDecimal());
    }

    [Fact]
    public async Task A_fulfilment_naming_a_line_the_order_does_not_have_is_refused_recorded_and_opens_an_exception()
    {
        var sent = Order("order_GET_450789469_partially_refunded", "shopify-ship");
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        // Shopify's fulfilment POST sample ships line 1071823216 ("Crafty Shoes"), which order 450789469 does not have.
        var shipment = ChannelMapper.ShopifyFulfillment(FixtureFiles.Shopify("fulfillment_POST_create").GetProperty("fulfillment"));

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.RecordShipmentAsync(new RecordShipmentRequest { Order = Key(sent), Shipment = shipment }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("1071823216", error.Status.Detail, StringComparison.Ordinal);
        var order = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;
        var fact = order.History.Single(h => h.Kind == FactKind.Shipment);
        Assert.Equal(("1069019877", FactState.Rejected), (fact.ExternalId, fact.State));
        Assert.Empty(order.Shipments);
        var exception = Assert.Single(await ExceptionsOf(placed.OrderId));
        Assert.Equal((ExceptionType.OverShipment, fact.FactId), (exception.Type, exception.FactId));
    }
}
