using System.Net;
using System.Text;
using Integration.Connectors.Data.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>
/// The HTTP contract of the webhook endpoints: what is refused at once (and never stored), what is accepted, and
/// that each outcome is counted. The services behind are deliberately unreachable here: intake must not need them.
/// </summary>
public sealed class IntakeTests : IDisposable
{
    private readonly ConnectorsHost _host = new();
    private readonly MetricsProbe _metrics;
    private readonly HttpClient _http;

    public IntakeTests()
    {
        // Nothing listens on the discard port: processing fails transiently and the deliveries stay stored.
        _host.Set("Connectors:Services:order", "http://127.0.0.1:9");
        _host.Set("Connectors:Services:catalog", "http://127.0.0.1:9");
        _host.Set("Connectors:Services:inventory", "http://127.0.0.1:9");
        _http = _host.CreateClient();
        _metrics = new MetricsProbe(_host.Services);
    }

    private static byte[] Order(string id) => Encoding.UTF8.GetBytes($$"""{"id": {{id}}, "currency": "USD", "note": "caf\u00e9"}""");

    [Fact]
    public async Task A_signed_delivery_is_stored_raw_with_its_headers_and_answered_200()
    {
        var body = Order("820982911946154508");

        using var response = await Storefront.ShopifyAsync(_http, "shop", "orders/create", body, eventId: "59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _host.QueryAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.Channel == "shop"));
        Assert.Equal(body, stored.Raw());
        Assert.Equal(("shopify", "orders/create", "orders/create|59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f", "order:820982911946154508"), (stored.Kind, stored.Topic, stored.DeliveryKey, stored.ResourceId));
        Assert.Contains("\"shop_domain\":\"snowdevil.myshopify.com\"", stored.HeadersJson, StringComparison.Ordinal);
        Assert.DoesNotContain("hmac", stored.HeadersJson, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, _metrics.Total("integration.connectors.webhook.deliveries", "channel=shop", "outcome=stored", "topic=orders/create"));
    }

    [Fact]
    public async Task The_newer_lowercase_shopify_headers_are_accepted()
    {
        using var response = await Storefront.ShopifyAsync(_http, "shop-b", "orders/updated", Order("1"), lowercaseHeaders: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("orders/updated", (await _host.QueryAsync(db => db.Deliveries.SingleAsync(d => d.Channel == "shop-b"))).Topic);
    }

    [Fact]
    public async Task A_missing_or_wrong_signature_is_401_counted_and_nothing_is_stored()
    {
        var body = Order("2");

        using var missing = await Storefront.ShopifyAsync(_http, "shop-c", "orders/create", body, secret: null);
        using var wrong = await Storefront.ShopifyAsync(_http, "shop-c", "orders/create", body, secret: "not-the-secret");
        using var garbage = await Storefront.ShopifyAsync(_http, "shop-c", "orders/create", body, signature: "%%%");
        // Signed for another body: the signature is right, the body is not the one signed.
        using var swapped = await Storefront.ShopifyAsync(_http, "shop-c", "orders/create", Order("3"), signature: Integration.Connectors.Webhooks.WebhookSignature.Compute(body, ConnectorsHost.Secret));

        Assert.All([missing, wrong, garbage, swapped], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(0, await _host.QueryAsync(db => db.Deliveries.CountAsync(d => d.Channel == "shop-c")));
        Assert.Equal(4, _metrics.Total("integration.connectors.webhook.signature_failures", "channel=shop-c"));
        Assert.Equal(1, _metrics.Total("integration.connectors.webhook.signature_failures", "channel=shop-c", "reason=missing"));
        Assert.Equal(4, _metrics.Total("integration.connectors.webhook.deliveries", "channel=shop-c", "outcome=signature"));
    }

    [Fact]
    public async Task The_previous_secret_is_accepted_only_while_its_rotation_window_is_open()
    {
        using var open = await Storefront.ShopifyAsync(_http, "shop", "orders/create", Order("4"), secret: ConnectorsHost.PreviousSecret);
        using var closed = await Storefront.ShopifyAsync(_http, "shop-a", "orders/create", Order("4"), secret: ConnectorsHost.PreviousSecret);

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, closed.StatusCode);
    }

    [Fact]
    public async Task Malformed_JSON_is_400_at_once_and_not_stored()
    {
        byte[][] bodies = ["{\"id\": 5,"u8.ToArray(), "[1,2]"u8.ToArray(), "{\"id\": 5} trailing"u8.ToArray(), "webhook_id=5"u8.ToArray(), []];
        foreach (var body in bodies)
        {
            using var response = await Storefront.ShopifyAsync(_http, "shop-d", "orders/create", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(0, await _host.QueryAsync(db => db.Deliveries.CountAsync(d => d.Channel == "shop-d")));
        Assert.Equal(bodies.Length, _metrics.Total("integration.connectors.webhook.deliveries", "channel=shop-d", "outcome=malformed_json"));
    }

    [Fact]
    public async Task An_unknown_channel_or_one_of_another_kind_is_404()
    {
        using var unknown = await Storefront.ShopifyAsync(_http, "no-such-shop", "orders/create", Order("6"));
        using var otherKind = await Storefront.ShopifyAsync(_http, ConnectorsHost.WooChannel, "orders/create", Order("6"));
        using var vendure = await Storefront.WooAsync(_http, "vendure-x", "order.created", Order("6"));

        Assert.All([unknown, otherKind, vendure], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(0, await _host.QueryAsync(db => db.Deliveries.CountAsync()));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_one_at_the_limit_is_accepted()
    {
        // 2 MiB is the default limit (Shopify's own maximum delivery size).
        var limit = 2 * 1024 * 1024;
        var padding = limit - "{\"id\":7,\"p\":\"\"}".Length;
        var atLimit = Encoding.UTF8.GetBytes("{\"id\":7,\"p\":\"" + new string('x', padding) + "\"}");
        var overLimit = Encoding.UTF8.GetBytes("{\"id\":8,\"p\":\"" + new string('x', padding + 1) + "\"}");

        using var accepted = await Storefront.ShopifyAsync(_http, "shop-e", "orders/create", atLimit);
        using var refused = await Storefront.ShopifyAsync(_http, "shop-e", "orders/create", overLimit);

        Assert.Equal(limit, atLimit.Length);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(["order:7"], await _host.QueryAsync(db => db.Deliveries.Where(d => d.Channel == "shop-e").Select(d => d.ResourceId).ToListAsync()));
    }

    [Fact]
    public async Task An_unknown_topic_is_200_stored_as_ignored_and_counted()
    {
        using var response = await Storefront.ShopifyAsync(_http, "shop-f", "customers/create", Order("9"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _host.QueryAsync(db => db.Deliveries.SingleAsync(d => d.Channel == "shop-f"));
        Assert.Equal(DeliveryStatus.Ignored, stored.Status);
        Assert.Equal(1, _metrics.Total("integration.connectors.webhook.deliveries", "channel=shop-f", "outcome=ignored", "topic=customers/create"));
    }

    [Fact]
    public async Task A_delivery_sent_again_is_200_stored_once_and_counted_as_duplicate()
    {
        var body = Order("10");
        var statuses = new List<HttpStatusCode>();
        // Twice one after the other, then three at once (a storefront retrying while the first is in flight).
        for (var i = 0; i < 2; i++)
        {
            using var response = await Storefront.ShopifyAsync(_http, "shop-g", "orders/create", body, eventId: "event-10");
            statuses.Add(response.StatusCode);
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Storefront.ShopifyAsync(_http, "shop-g", "orders/create", body, eventId: "event-10")));
        statuses.AddRange(parallel.Select(r => r.StatusCode));
        // Same event id, another topic: one merchant action, two facts — both kept.
        using var paid = await Storefront.ShopifyAsync(_http, "shop-g", "orders/paid", body, eventId: "event-10");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal(["orders/create", "orders/paid"], await _host.QueryAsync(db => db.Deliveries.Where(d => d.Channel == "shop-g").OrderBy(d => d.Id).Select(d => d.Topic).ToListAsync()));
        Assert.Equal(4, _metrics.Total("integration.connectors.webhook.deliveries", "channel=shop-g", "outcome=duplicate"));
        Assert.Equal(2, _metrics.Total("integration.connectors.webhook.deliveries", "channel=shop-g", "outcome=stored"));
    }

    [Fact]
    public async Task WooCommerce_creation_ping_is_answered_200_and_not_stored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/woocommerce/{ConnectorsHost.WooChannel}")
        {
            Content = new FormUrlEncodedContent([new("webhook_id", "42")]),
        };

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await _host.QueryAsync(db => db.Deliveries.CountAsync(d => d.Channel == ConnectorsHost.WooChannel)));
        Assert.Equal(1, _metrics.Total("integration.connectors.webhook.deliveries", $"channel={ConnectorsHost.WooChannel}", "outcome=ping"));
    }

    [Fact]
    public async Task WooCommerce_deliveries_are_verified_with_the_decoded_secret()
    {
        var body = FixtureFiles.WooCommerceBody("wc_rest_v3_order_retrieve__woocommerce-rest-api-docs.json");

        using var signed = await Storefront.WooAsync(_http, ConnectorsHost.WooChannel, "order.updated", body);
        using var undecoded = await Storefront.WooAsync(_http, ConnectorsHost.WooChannel, "order.updated", body, secret: ConnectorsHost.WooStoredSecret);
        using var unsigned = await Storefront.WooAsync(_http, ConnectorsHost.WooChannel, "order.updated", body, secret: null);
        using var coupon = await Storefront.WooAsync(_http, ConnectorsHost.WooChannel, "coupon.created", "{\"id\":1}"u8.ToArray());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (signed.StatusCode, undecoded.StatusCode, unsigned.StatusCode, coupon.StatusCode));
        var stored = await _host.QueryAsync(db => db.Deliveries.Where(d => d.Channel == ConnectorsHost.WooChannel).OrderBy(d => d.Id).ToListAsync());
        Assert.Equal([("order.updated", "order:727"), ("coupon.created", (string?)null)], stored.Select(d => (d.Topic, d.ResourceId)));
        Assert.Equal(DeliveryStatus.Ignored, stored[1].Status);
        Assert.Equal(body, stored[0].Raw());
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _http.Dispose();
        _host.Dispose();
    }
}
