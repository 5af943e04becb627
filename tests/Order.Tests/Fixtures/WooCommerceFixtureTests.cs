using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests.Fixtures;

/// <summary>WooCommerce's documented order and refund bodies (shared/fixtures/woocommerce) through gRPC.</summary>
public sealed class WooCommerceFixtureTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    [Fact]
    public async Task The_order_and_its_refund_carry_every_field_and_reconcile()
    {
        var sent = ChannelMapper.WooOrder(FixtureFiles.WooCommerce("wc_rest_v3_order_retrieve__woocommerce-rest-api-docs.json"), "woo-us");
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        var key = new OrderKey { OrderId = placed.OrderId };
        // date_paid is set (bank transfer): the connector records the total as a sale.
        await _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = key,
            Payment = new Payment { PaymentId = "date_paid", Kind = PaymentKind.Sale, Gateway = "bacs", Amount = 29.35m.ToMoney("USD") },
        });
        var refund = ChannelMapper.WooRefund(FixtureFiles.WooCommerce("wc_rest_v3_order_refund_retrieve__woocommerce-rest-api-docs.json"), "USD");
        var refunded = await _client.RecordRefundAsync(new RecordRefundRequest { Order = key, Refund = refund });

        Assert.Equal(("727", "727", "USD", "john.doe@example.com"), (placed.ExternalOrderId, placed.OrderNumber, placed.CurrencyCode, placed.CustomerReference));
        Assert.Equal(new DateTime(2017, 3, 22, 19, 28, 2, DateTimeKind.Utc), placed.PlacedAt.ToDateTime());
        Assert.Equal([("315", "", 2L, 3.00m), ("316", "BAR3", 1L, 12.00m)], placed.Lines.Select(l => (l.ExternalLineId, l.Sku, l.Quantity, l.UnitPrice.ToDecimal())));
        // WooCommerce names a rate id, not a rate: the rate stays empty instead of being invented.
        Assert.Equal([("State Tax", "", 0.45m), ("State Tax", "", 0.90m)], placed.Lines.Select(l => (l.TaxLines[0].Title, l.TaxLines[0].Rate, l.TaxLines[0].Amount.ToDecimal())));
        Assert.Equal(("Flat Rate", 10.00m), (placed.ShippingLines[0].Title, placed.ShippingLines[0].Price.ToDecimal()));
        // 18.00 lines + 10.00 shipping + 1.35 tax = 29.35: reconciles; the line without a SKU holds it.
        var exceptions = (await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions;
        Assert.Equal([ExceptionType.UnknownSku], exceptions.Select(e => e.Type));
        Assert.Contains("line:315", exceptions[0].Evidence.Keys);

        Assert.Equal(FactOutcome.Applied, refunded.Outcome);
        Assert.Equal((10.00m, FinancialStatus.PartiallyRefunded), (refunded.Order.RefundedAmount.ToDecimal(), refunded.Order.FinancialStatus));
        Assert.True(refunded.Order.Held);
        // Held: the events wait (placed, paid, refunded) until the exception closes; ignoring it releases them in order.
        Assert.Empty(await factory.EventsOfAsync(placed.OrderId));
        await _client.IgnoreExceptionAsync(new IgnoreExceptionRequest { ExceptionId = exceptions[0].ExceptionId, Actor = "ops", Reason = "sample product, no stock kept" });
        Assert.Equal(["OrderPlaced", "OrderPaid", "OrderRefunded"], (await factory.EventsOfAsync(placed.OrderId)).Select(e => e.Descriptor.Name));
        Assert.False((await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order.Held);
    }
}
