using System.Net;
using System.Text;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Tests.Webhooks;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Connectors.Tests.WooCommerce;

/// <summary>
/// An order.updated body lists refunds as id, reason and total only; with the channel's REST key the connector reads
/// the refund objects (their lines) from the store's REST API — here a local stand-in answering with the documented
/// "List all refunds" response — and records each refund with its lines in the real Order service.
/// </summary>
public sealed class WooRefundLinesTests : IAsyncLifetime
{
    private const string OrderFile = "wc_rest_v3_order_retrieve__woocommerce-rest-api-docs.json";
    private const string Channel = ConnectorsHost.WooChannel;

    private readonly OrderHost _order = new();
    private WooRestStandIn _store = null!;
    private ConnectorsHost _connectors = null!;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        _store = await WooRestStandIn.StartAsync();
        _connectors = new ConnectorsHost().WithOrder(_order);
        _connectors.Set($"Connectors:Channels:{Channel}:ApiUrl", _store.BaseAddress.ToString());
        _connectors.Set($"Connectors:Channels:{Channel}:ApiUser", WooRestStandIn.ConsumerKey);
    }

    /// <summary>Starts the connector with the channel's REST key (settings are read at start).</summary>
    private void Start(string consumerSecret = WooRestStandIn.ConsumerSecret)
    {
        _connectors.Set($"Connectors:Channels:{Channel}:ApiPassword", consumerSecret);
        _http = _connectors.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await _connectors.DisposeAsync();
        await _order.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Refunds_carry_their_lines_from_the_rest_api_and_money_beyond_the_lines_is_an_adjustment()
    {
        // The documented refunds of order 723 (726: 10.00, no lines; 724: 9.00 for one unit of line 311), served for
        // the documented order 727, whose line 316 takes the place of 723's line 311.
        Start();
        _store.Has("727", DocumentedRefunds().Replace("\"value\": \"311\"", "\"value\": \"316\"", StringComparison.Ordinal));
        var refunded = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(FixtureFiles.WooCommerceBody(OrderFile))
            .Replace("\"refunds\": []", "\"refunds\": [{\"id\": 726, \"reason\": \"\", \"total\": \"-10.00\"}, {\"id\": 724, \"reason\": \"\", \"total\": \"-9.00\"}]", StringComparison.Ordinal)
            .Replace("\"date_modified_gmt\": \"2017-03-22T19:28:08\"", "\"date_modified_gmt\": \"2017-03-23T10:00:00\"", StringComparison.Ordinal));

        using var first = await Storefront.WooAsync(_http!, Channel, "order.updated", refunded);
        // WooCommerce sends order.updated again for later changes: the same refunds are recorded once.
        using var again = await Storefront.WooAsync(_http!, Channel, "order.updated", refunded, deliveryId: "redelivery-2");
        Assert.All([first, again], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(await Storefront.SettledAsync(_connectors, Channel, 2), d => Assert.Equal(DeliveryStatus.Processed, d.Status));

        var order = (await _order.Client().GetOrderAsync(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = Channel, ExternalOrderId = "727" } })).Order;
        var refunds = order.Refunds.OrderBy(r => r.RefundId, StringComparer.Ordinal).ToList();
        Assert.Equal(["724", "726"], refunds.Select(r => r.RefundId));

        var lineRefund = refunds[0];
        var line = Assert.Single(lineRefund.Lines);
        Assert.Equal(("316", 1L, RestockType.NoRestock, 9.00m, 0.00m), (line.ExternalLineId, line.Quantity, line.RestockType, line.Subtotal.ToDecimal(), line.TotalTax.ToDecimal()));
        Assert.Empty(lineRefund.Adjustments);
        Assert.Equal(("woo-refund-724", "bacs", 9.00m), (lineRefund.Transactions.Single().TransactionId, lineRefund.Transactions.Single().Gateway, lineRefund.Transactions.Single().Amount.ToDecimal()));
        // The refund's own time, not the order's last change.
        Assert.Equal(new DateTime(2017, 3, 21, 19, 55, 37, DateTimeKind.Utc), lineRefund.OccurredAt.ToDateTime());

        var moneyRefund = refunds[1];
        Assert.Empty(moneyRefund.Lines);
        Assert.Equal(10.00m, Assert.Single(moneyRefund.Adjustments).Amount.ToDecimal());
        Assert.Equal(10.00m, moneyRefund.Transactions.Single().Amount.ToDecimal());

        Assert.Equal((19.00m, FinancialStatus.PartiallyRefunded), (order.RefundedAmount.ToDecimal(), order.FinancialStatus));
        Assert.Equal(2, _store.Requests.Count);
        Assert.All(_store.Requests, r => Assert.Equal("/wp-json/wc/v3/orders/727/refunds?per_page=100", r));
    }

    [Fact]
    public async Task A_refused_rest_key_becomes_an_exception_with_the_stores_answer_and_records_no_refund()
    {
        Start(consumerSecret: "cs_wrong");
        var refunded = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(FixtureFiles.WooCommerceBody(OrderFile))
            .Replace("\"refunds\": []", "\"refunds\": [{\"id\": 726, \"reason\": \"\", \"total\": \"-10.00\"}]", StringComparison.Ordinal));

        using var response = await Storefront.WooAsync(_http!, Channel, "order.updated", refunded);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = Assert.Single(await Storefront.SettledAsync(_connectors, Channel, 1));

        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Contains("401", delivery.LastError, StringComparison.Ordinal);
        Assert.Contains("woocommerce_rest_cannot_view", delivery.LastError, StringComparison.Ordinal);
        // Nothing reached Order: the order was not even ingested, so the operator's retry starts from a clean state.
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await _order.Client().GetOrderAsync(
            new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = Channel, ExternalOrderId = "727" } }));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>The JSON response of "List all refunds" in WooCommerce's REST API documentation, verbatim.</summary>
    private static string DocumentedRefunds()
    {
        var doc = File.ReadAllText(Path.Combine(FixtureFiles.RepositoryRoot, "woocommerce", "docs_wp-api-v3_order-refunds.md"));
        var section = doc[doc.IndexOf("## List all refunds ##", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
