using System.Net;
using System.Text;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Tests.Shopify;
using Integration.Connectors.Tests.Webhooks;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Connectors.Tests.WooCommerce;

/// <summary>WooCommerce's documented order body as order.created / order.updated webhooks into the real Order service.</summary>
public sealed class WooOrderFlowTests(OrderStack stack) : IClassFixture<OrderStack>
{
    private const string OrderFile = "wc_rest_v3_order_retrieve__woocommerce-rest-api-docs.json";

    [Fact]
    public async Task The_documented_order_is_placed_paid_and_its_refund_recorded_every_field_carried()
    {
        var body = FixtureFiles.WooCommerceBody(OrderFile);
        // The same order later, refunded 10.00 (WooCommerce lists a refund in the order body as id, reason, negative total).
        var refunded = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body)
            .Replace("\"refunds\": []", "\"refunds\": [{\"id\": 726, \"reason\": \"damaged\", \"total\": \"-10.00\"}]", StringComparison.Ordinal)
            .Replace("\"date_modified_gmt\": \"2017-03-22T19:28:08\"", "\"date_modified_gmt\": \"2017-03-23T10:00:00\"", StringComparison.Ordinal));
        Assert.NotEqual(body, refunded);

        using var created = await Storefront.WooAsync(stack.Http, ConnectorsHost.WooChannel, "order.created", body);
        using var again = await Storefront.WooAsync(stack.Http, ConnectorsHost.WooChannel, "order.updated", body);
        using var updated = await Storefront.WooAsync(stack.Http, ConnectorsHost.WooChannel, "order.updated", refunded);
        Assert.All([created, again, updated], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var deliveries = await Storefront.SettledAsync(stack.Connectors, ConnectorsHost.WooChannel, 3);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Processed, d.Status));
        var order = await stack.OrderAsync(ConnectorsHost.WooChannel, "727");
        Assert.Equal(("727", "USD", "john.doe@example.com"), (order.OrderNumber, order.CurrencyCode, order.CustomerReference));
        Assert.Equal(new DateTime(2017, 3, 22, 19, 28, 2, DateTimeKind.Utc), order.PlacedAt.ToDateTime());
        Assert.Equal([("315", "", 2L, 3.00m), ("316", "BAR3", 1L, 12.00m)], order.Lines.Select(l => (l.ExternalLineId, l.Sku, l.Quantity, l.UnitPrice.ToDecimal())));
        Assert.Equal([("State Tax", "", 0.45m), ("State Tax", "", 0.90m)], order.Lines.Select(l => (l.TaxLines[0].Title, l.TaxLines[0].Rate, l.TaxLines[0].Amount.ToDecimal())));
        Assert.Equal(("Flat Rate", 10.00m), (order.ShippingLines[0].Title, order.ShippingLines[0].Price.ToDecimal()));
        // date_paid is set (bank transfer, no transaction id): the total as one sale, once for three deliveries.
        var payment = Assert.Single(order.Payments);
        Assert.Equal(("paid-727", "bacs", 29.35m), (payment.PaymentId, payment.Gateway, payment.Amount.ToDecimal()));
        var refund = Assert.Single(order.Refunds);
        Assert.Equal(("726", "damaged", 10.00m), (refund.RefundId, refund.Note, refund.Transactions.Single().Amount.ToDecimal()));
        Assert.Equal((10.00m, FinancialStatus.PartiallyRefunded), (order.RefundedAmount.ToDecimal(), order.FinancialStatus));
        // 18.00 + 10.00 shipping + 1.35 tax = 29.35 reconciles; the refund (money only) reconciles; the line without a SKU holds it.
        Assert.Equal([ExceptionType.UnknownSku], (await stack.ExceptionsAsync(order.OrderId)).Select(e => e.Type));
    }
}
