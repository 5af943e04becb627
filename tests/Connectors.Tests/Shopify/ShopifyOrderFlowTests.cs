using System.Net;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Tests.Webhooks;
using Admin = Integration.Contracts.Connectors.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;
using DataDeliveryStatus = Integration.Connectors.Data.Deliveries.DeliveryStatus;

namespace Integration.Connectors.Tests.Shopify;

/// <summary>
/// Shopify's own bodies (tests/fixtures/shopify, MIT) sent as signed webhooks, processed in the background and applied
/// to the real Order service: every field carried, the resulting order reconciles, and redelivery or arrival order
/// changes nothing about the final state.
/// </summary>
public sealed class ShopifyOrderFlowTests(OrderStack stack) : IClassFixture<OrderStack>
{
    private const string Reference = "order_GET_450789469_partially_refunded";

    private async Task SendAsync(string channel, string topic, byte[] body, string? eventId = null)
    {
        using var response = await Storefront.ShopifyAsync(stack.Http, channel, topic, body, eventId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_reference_order_created_paid_fulfilled_and_refunded_reconciles_with_every_field_carried()
    {
        const string channel = "shop";
        await SendAsync(channel, "orders/create", FixtureFiles.ShopifyBody(Reference, "order"));
        await SendAsync(channel, "orders/paid", FixtureFiles.ShopifyBody(Reference, "order"));
        // The order's own fulfilment and refund, as fulfillments/create and refunds/create send them (they carry order_id).
        await SendAsync(channel, "fulfillments/create", FixtureFiles.ShopifyBody(Reference, "order", "fulfillments", "0"));
        await SendAsync(channel, "refunds/create", FixtureFiles.ShopifyBody(Reference, "order", "refunds", "0"));
        var deliveries = await Storefront.SettledAsync(stack.Connectors, channel, 4);

        Assert.All(deliveries, d => Assert.Equal(DataDeliveryStatus.Processed, d.Status));
        var order = await stack.OrderAsync(channel, "450789469");
        // Ids as text, presentment currency, discount code and allocations, float tax rates as their text.
        Assert.Equal(("450789469", "#1001", "USD", "USD", "207119551"), (order.ExternalOrderId, order.OrderNumber, order.CurrencyCode, order.PresentmentCurrencyCode, order.CustomerReference));
        Assert.Equal(["466157049", "518995019", "703073504"], order.Lines.Select(l => l.ExternalLineId));
        Assert.Equal(["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"], order.Lines.Select(l => l.Sku));
        Assert.Equal("TENOFF", Assert.Single(order.Discounts).Code);
        Assert.Equal([3.34m, 3.33m, 3.33m], order.Lines.Select(l => l.DiscountAllocations.Single().Amount.ToDecimal()));
        Assert.All(order.Lines, l => Assert.Equal(("State Tax", "0.06", 3.98m, 199.00m), (l.TaxLines.Single().Title, l.TaxLines.Single().Rate, l.TaxLines.Single().Amount.ToDecimal(), l.UnitPrice.ToDecimal())));
        Assert.Equal(new DateTime(2008, 1, 10, 16, 0, 0, DateTimeKind.Utc), order.PlacedAt.ToDateTime());
        // Reconciles: 597.00 - 10.00 + 0.00 + 11.94 = 598.94, the line taxes and discounts add up to the order level.
        Assert.Equal((597.00m, 10.00m, 11.94m, 598.94m), (order.Totals.Subtotal.ToDecimal(), order.Totals.TotalDiscounts.ToDecimal(), order.Totals.TotalTax.ToDecimal(), order.Totals.Total.ToDecimal()));
        Assert.Equal(order.Totals.TotalTax.ToDecimal(), order.Lines.SelectMany(l => l.TaxLines).Sum(t => t.Amount.ToDecimal()));
        Assert.Equal(order.Totals.TotalDiscounts.ToDecimal(), order.Lines.Sum(l => l.TotalDiscount.ToDecimal()));
        // orders/paid: a sale of the total, named after the order.
        var payment = Assert.Single(order.Payments);
        Assert.Equal(("paid-450789469", PaymentKind.Sale, "bogus", 598.94m), (payment.PaymentId, payment.Kind, payment.Gateway, payment.Amount.ToDecimal()));
        // The fulfilment from Shopify location 655441491, which is our WH-EAST.
        var shipment = Assert.Single(order.Shipments);
        Assert.Equal(("255858046", "WH-EAST", "USPS", "1Z1234512345123456"), (shipment.ShipmentId, shipment.LocationId, shipment.TrackingCompany, shipment.TrackingNumbers.Single()));
        Assert.Equal([1L, 0L, 0L], order.Lines.Select(l => l.QuantityShipped));
        // The refund: 209.00 went back (its transaction); restock per line; Shopify location 487838322 is our WH-WEST.
        var refund = Assert.Single(order.Refunds);
        Assert.Equal(("509562969", 209.00m), (refund.RefundId, refund.Transactions.Sum(t => t.Amount.ToDecimal())));
        Assert.All(refund.Lines, l => Assert.Equal((RestockType.LegacyRestock, "WH-WEST"), (l.RestockType, l.LocationId)));
        Assert.Equal([("703073504", 195.66m, 3.98m), ("466157049", 195.67m, 3.98m)], refund.Lines.Select(l => (l.ExternalLineId, l.Subtotal.ToDecimal(), l.TotalTax.ToDecimal())));
        Assert.Equal((209.00m, FinancialStatus.PartiallyRefunded, FulfillmentStatus.PartiallyShipped), (order.RefundedAmount.ToDecimal(), order.FinancialStatus, order.FulfillmentStatus));
        // Totals reconcile (no TOTALS_MISMATCH); Shopify's sample refund itself does not add up (lines 399.29, money 209.00), which Order reports.
        Assert.Equal([ExceptionType.RefundAmountMismatch], (await stack.ExceptionsAsync(order.OrderId)).Select(e => e.Type));
        Assert.Equal([FactKind.Placed, FactKind.Payment, FactKind.Shipment, FactKind.Refund], order.History.Select(h => h.Kind));
    }

    [Fact]
    public async Task A_webhook_delivered_five_times_gives_one_order_and_one_payment()
    {
        const string channel = "shop-a";
        var body = FixtureFiles.ShopifyBody(Reference, "order");
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(channel, "orders/create", body, eventId: "create-event");
            await SendAsync(channel, "orders/paid", body, eventId: "paid-event");
        }

        // Shopify may also send the same fact under a new event id (a retried merchant action): Order's idempotency holds.
        await SendAsync(channel, "orders/paid", body);
        var deliveries = await Storefront.SettledAsync(stack.Connectors, channel, 3);

        Assert.Equal(3, deliveries.Count);
        var order = await stack.OrderAsync(channel, "450789469");
        Assert.Equal((FinancialStatus.Paid, 598.94m), (order.FinancialStatus, order.CapturedAmount.ToDecimal()));
        Assert.Single(order.Payments);
        Assert.Equal([FactKind.Placed, FactKind.Payment], order.History.Select(h => h.Kind));
        var list = await stack.Orders.ListOrdersAsync(new ListOrdersRequest { Filter = new OrderFilter { Channel = channel } });
        Assert.Single(list.Orders);
    }

    [Fact]
    public async Task Orders_paid_before_orders_create_gives_one_paid_order()
    {
        const string channel = "shop-b";
        var body = FixtureFiles.ShopifyBody(Reference, "order");
        await SendAsync(channel, "orders/paid", body);
        await Storefront.SettledAsync(stack.Connectors, channel, 1);
        await SendAsync(channel, "orders/create", body);
        await Storefront.SettledAsync(stack.Connectors, channel, 2);

        var order = await stack.OrderAsync(channel, "450789469");
        Assert.Equal((FinancialStatus.Paid, 598.94m, 3), (order.FinancialStatus, order.CapturedAmount.ToDecimal(), order.Lines.Count));
        Assert.Single(order.Payments);
        Assert.Single((await stack.Orders.ListOrdersAsync(new ListOrdersRequest { Filter = new OrderFilter { Channel = channel } })).Orders);
    }

    [Fact]
    public async Task The_multiple_tax_lines_order_keeps_each_tax_and_Order_holds_it_for_its_missing_SKUs()
    {
        const string channel = "shop-c";
        await SendAsync(channel, "orders/create", FixtureFiles.ShopifyBody("order_POST_multiple_order_level_tax_lines", "order"));
        await Storefront.SettledAsync(stack.Connectors, channel, 1);

        var order = await stack.OrderAsync(channel, "1073459963");
        Assert.Equal([2, 0, 2], order.Lines.Select(l => l.TaxLines.Count));
        Assert.Equal(["0.06", "0.025"], order.Lines[0].TaxLines.Select(t => t.Rate));
        var byTitle = order.Lines.SelectMany(l => l.TaxLines).GroupBy(t => t.Title).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount.ToDecimal()));
        Assert.Equal((10.20m, 4.25m), (byTitle["State tax"], byTitle["County tax"]));
        Assert.Equal(270.37m, order.Totals.Total.ToDecimal());
        // Custom items ("sku": null, no variant): stored, held by Order for a person — the connector does not invent SKUs.
        Assert.True(order.Held);
        Assert.Equal([ExceptionType.UnknownSku], (await stack.ExceptionsAsync(order.OrderId)).Select(e => e.Type));
    }

    [Fact]
    public async Task The_EUR_order_reconciles_in_EUR()
    {
        const string channel = "shop-d";
        await SendAsync(channel, "orders/create", FixtureFiles.ShopifyBody("order_POST_EUR_line_level_tax_lines", "order"));
        await SendAsync(channel, "orders/paid", FixtureFiles.ShopifyBody("order_POST_EUR_line_level_tax_lines", "order"));
        await Storefront.SettledAsync(stack.Connectors, channel, 2);

        var order = await stack.OrderAsync(channel, "1073459976");
        Assert.Equal(("EUR", "#1002", 3L, 74.99m), (order.CurrencyCode, order.OrderNumber, order.Lines[0].Quantity, order.Lines[0].UnitPrice.ToDecimal()));
        Assert.Equal(("State tax", "0.06", 13.50m), (order.Lines[0].TaxLines[0].Title, order.Lines[0].TaxLines[0].Rate, order.Lines[0].TaxLines[0].Amount.ToDecimal()));
        // 74.99 x 3 + 13.50 = 238.47, paid in EUR; only the missing SKU holds it.
        Assert.Equal((FinancialStatus.Paid, 238.47m, "EUR"), (order.FinancialStatus, order.CapturedAmount.ToDecimal(), order.CapturedAmount.CurrencyCode));
        Assert.Equal([ExceptionType.UnknownSku], (await stack.ExceptionsAsync(order.OrderId)).Select(e => e.Type));
    }

    [Fact]
    public async Task Orders_cancelled_cancels_with_the_refund_made_at_cancellation_and_it_reconciles()
    {
        const string channel = "shop-e";
        var body = FixtureFiles.ShopifyBody("order_cancel_with_refund_restock_cancel", "order");
        await SendAsync(channel, "orders/paid", body);
        await SendAsync(channel, "orders/cancelled", body);
        await Storefront.SettledAsync(stack.Connectors, channel, 2);

        var order = await stack.OrderAsync(channel, "450789469");
        Assert.True(order.Cancelled);
        Assert.Equal(("other", "929361464"), (order.Cancellation.Reason, order.Cancellation.RefundId));
        Assert.Equal(new DateTime(2025, 4, 2, 16, 31, 11, DateTimeKind.Utc), order.Cancellation.OccurredAt.ToDateTime());
        // 195.66 + 3.98 on the line, less the 89.64 refund discrepancy = the 110.00 its transactions paid back.
        Assert.Equal(110.00m, order.RefundedAmount.ToDecimal());
        var refund = Assert.Single(order.Refunds);
        Assert.Equal([("1068278487", "bogus", 10.00m), ("1068278488", "gift_card", 100.00m)], refund.Transactions.Select(t => (t.TransactionId, t.Gateway, t.Amount.ToDecimal())));
        Assert.Equal(RestockType.NoRestock, refund.Lines.Single().RestockType);
        Assert.DoesNotContain(await stack.ExceptionsAsync(order.OrderId), e => e.Type is ExceptionType.RefundAmountMismatch or ExceptionType.TotalsMismatch);
    }

    [Fact]
    public async Task Shopify_refund_fixtures_map_shipping_and_transactions()
    {
        const string channel = "shop-f";
        await SendAsync(channel, "orders/paid", FixtureFiles.ShopifyBody(Reference, "order"));
        await SendAsync(channel, "refunds/create", FixtureFiles.ShopifyBody("refund_POST_create_b", "refund"));
        await Storefront.SettledAsync(stack.Connectors, channel, 2);

        var order = await stack.OrderAsync(channel, "450789469");
        var refund = Assert.Single(order.Refunds);
        // create_b refunds 5.00 of shipping (its shipping_refund adjustment) and paid 5.00 back: it adds up.
        Assert.Equal((5.00m, 5.00m), (refund.Shipping.ToDecimal(), order.RefundedAmount.ToDecimal()));
        Assert.DoesNotContain(await stack.ExceptionsAsync(order.OrderId), e => e.Type == ExceptionType.RefundAmountMismatch);
    }

    [Fact]
    public async Task A_fulfilment_Order_refuses_is_accepted_then_failed_with_an_exception_carrying_the_delivery()
    {
        const string channel = "shop-g";
        await SendAsync(channel, "orders/create", FixtureFiles.ShopifyBody(Reference, "order"));
        // Shopify's fulfilment POST sample ships line 1071823216, which order 450789469 does not have.
        var fulfillment = FixtureFiles.ShopifyBody("fulfillment_POST_create", "fulfillment");
        await SendAsync(channel, "fulfillments/create", fulfillment);
        var deliveries = await Storefront.SettledAsync(stack.Connectors, channel, 2);

        var failed = deliveries.Single(d => d.Topic == "fulfillments/create");
        Assert.Equal(DataDeliveryStatus.Failed, failed.Status);
        Assert.Equal(fulfillment, failed.Raw());
        var exception = Assert.Single((await stack.Connectors.Admin().ListExceptionsAsync(new Admin.ListExceptionsRequest { Channel = channel })).Exceptions);
        Assert.Equal(("REJECTED", failed.Id, "order:450789469"), (exception.Kind, exception.DeliveryId, exception.Reference));
        Assert.Contains("1071823216", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unmappable_delivery_is_accepted_then_becomes_an_exception_with_its_raw_body_and_can_be_replayed()
    {
        const string channel = "shop-unmapped";
        await SendAsync(channel, "orders/create", FixtureFiles.ShopifyBody(Reference, "order"));
        // Its location 655441491 is not mapped for this channel.
        var body = FixtureFiles.ShopifyBody(Reference, "order", "fulfillments", "0");
        await SendAsync(channel, "fulfillments/create", body);
        var failed = (await Storefront.SettledAsync(stack.Connectors, channel, 2)).Single(d => d.Topic == "fulfillments/create");
        var admin = stack.Connectors.Admin();

        Assert.Equal(DataDeliveryStatus.Failed, failed.Status);
        var exception = Assert.Single((await admin.ListExceptionsAsync(new Admin.ListExceptionsRequest { Channel = channel, Kind = "MAPPING_FAILED" })).Exceptions);
        Assert.Equal((failed.Id, Admin.ExceptionStatus.Open), (exception.DeliveryId, exception.Status));
        Assert.Contains("655441491", exception.Reason, StringComparison.Ordinal);
        var read = (await admin.GetDeliveryAsync(new Admin.GetDeliveryRequest { DeliveryId = failed.Id })).Delivery;
        Assert.Equal(body, read.Body.ToByteArray());

        // The operator replays it (here without fixing the mapping): the old exception is closed, a new one opened.
        var replayed = await admin.ReplayDeliveryAsync(new Admin.ReplayDeliveryRequest { DeliveryId = failed.Id, Actor = "ops@merchant", Reason = "try again" });
        Assert.Equal(1, replayed.ExceptionsResolved);
        await Storefront.SettledAsync(stack.Connectors, channel, 2);
        var all = (await admin.ListExceptionsAsync(new Admin.ListExceptionsRequest { Channel = channel })).Exceptions;
        Assert.Equal([Admin.ExceptionStatus.Open, Admin.ExceptionStatus.Resolved], all.Select(e => e.Status));
        Assert.Equal("ops@merchant", all[1].ResolvedBy);
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => admin.ReplayDeliveryAsync(new Admin.ReplayDeliveryRequest { DeliveryId = failed.Id, Actor = "", Reason = "x" }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, missing.StatusCode);
        var order = await stack.OrderAsync(channel, "450789469");
        Assert.Empty(order.Shipments);
    }

    [Fact]
    public async Task The_channel_status_counts_deliveries_and_never_shows_a_secret()
    {
        var channels = (await stack.Connectors.Admin().ListChannelsAsync(new Admin.ListChannelsRequest())).Channels;

        var shop = channels.Single(c => c.Name == "shop");
        Assert.Equal(("shopify", true, true), (shop.Kind, shop.HasSecret, shop.RotationWindowOpen));
        Assert.Contains("655441491", shop.MappedLocations);
        Assert.False(channels.Single(c => c.Name == "shop-a").RotationWindowOpen);
        Assert.DoesNotContain(ConnectorsHost.Secret, channels.ToString(), StringComparison.Ordinal);
    }
}
