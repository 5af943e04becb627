using Integration.Connectors.Webhooks;

namespace Integration.Connectors.Shopify;

/// <summary>
/// <c>POST /webhooks/shopify/{channel}</c>: verify the HMAC of the raw body, store the delivery durably, answer 200
/// (Shopify waits 5 s at most); the processor applies it afterwards. Headers are read case-insensitively, the newer
/// <c>shopify-*</c> family taking precedence over <c>X-Shopify-*</c> when both are present.
/// </summary>
public static class ShopifyWebhookEndpoint
{
    public const string Kind = "shopify";

    private static readonly string[] ProbedFields = ["id", "order_id", "inventory_item_id", "location_id"];

    private static readonly (string, string[])[] KeptHeaders =
    [
        ("topic", ["shopify-topic", "X-Shopify-Topic"]),
        ("shop_domain", ["shopify-shop-domain", "X-Shopify-Shop-Domain"]),
        ("api_version", ["shopify-api-version", "X-Shopify-API-Version"]),
        ("webhook_id", ["shopify-webhook-id", "X-Shopify-Webhook-Id"]),
        ("event_id", ["shopify-event-id", "X-Shopify-Event-Id"]),
        ("triggered_at", ["shopify-triggered-at", "X-Shopify-Triggered-At"]),
        ("name", ["shopify-name", "X-Shopify-Name"]),
    ];

    public static async Task<IResult> ReceiveAsync(string channel, HttpRequest request, WebhookIntake intake, CancellationToken ct)
    {
        var topic = WebhookIntake.Header(request, "shopify-topic", "X-Shopify-Topic") ?? string.Empty;
        if (intake.Channel(channel, Kind) is not { } options)
        {
            // Not the URL's text as a metric tag: anyone can invent channel names.
            return intake.Refuse("unknown", topic, StatusCodes.Status404NotFound, "unknown_channel");
        }

        if (await intake.ReadBodyAsync(request, ct) is not { } body)
        {
            return intake.Refuse(channel, topic, StatusCodes.Status413PayloadTooLarge, "too_large");
        }

        var signature = WebhookIntake.Header(request, "shopify-hmac-sha256", "X-Shopify-Hmac-Sha256");
        if (!intake.Verify(channel, options, body, signature))
        {
            return intake.Refuse(channel, topic, StatusCodes.Status401Unauthorized, "signature");
        }

        // Shopify's own libraries refuse a delivery without these; so do we, before storing anything.
        var eventId = WebhookIntake.Header(request, "shopify-event-id", "X-Shopify-Event-Id")
            ?? WebhookIntake.Header(request, "shopify-webhook-id", "X-Shopify-Webhook-Id");
        if (topic.Length == 0 || eventId is null || topic.Length > 100 || eventId.Length > 90)
        {
            return intake.Refuse(channel, topic, StatusCodes.Status400BadRequest, "missing_headers");
        }

        var ids = new string?[ProbedFields.Length];
        if (!JsonProbe.TryProbe(body, ProbedFields, ids))
        {
            return intake.Refuse(channel, topic, StatusCodes.Status400BadRequest, "malformed_json");
        }

        // One merchant action can trigger several topics with one event id (orders/updated and orders/paid): the
        // topic is part of the key, so only a true redelivery is a duplicate.
        var delivery = new IncomingDelivery(
            channel, Kind, topic, $"{topic}|{eventId}", ShopifyTopics.Resource(topic, ids[0], ids[1], ids[2], ids[3]), body,
            WebhookIntake.HeadersJson(request, KeptHeaders), Ignored: !ShopifyTopics.IsHandled(topic));
        return await intake.StoreAsync(delivery, ct);
    }
}
