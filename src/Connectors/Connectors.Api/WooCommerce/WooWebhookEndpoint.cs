using System.Security.Cryptography;
using System.Text;
using Integration.Connectors.Webhooks;

namespace Integration.Connectors.WooCommerce;

/// <summary>
/// <c>POST /webhooks/woocommerce/{channel}</c>: <c>X-WC-Webhook-Signature</c> is base64 HMAC-SHA256 of the raw body.
/// When a webhook is created WooCommerce posts an unsigned form body <c>webhook_id=N</c> and fails the creation
/// unless it gets a 2xx: that ping is answered 200 and nothing is stored.
/// </summary>
public static class WooWebhookEndpoint
{
    public const string Kind = "woocommerce";

    private static readonly string[] ProbedFields = ["id"];

    private static readonly (string, string[])[] KeptHeaders =
    [
        ("topic", ["X-WC-Webhook-Topic"]),
        ("resource", ["X-WC-Webhook-Resource"]),
        ("event", ["X-WC-Webhook-Event"]),
        ("source", ["X-WC-Webhook-Source"]),
        ("webhook_id", ["X-WC-Webhook-ID"]),
        ("delivery_id", ["X-WC-Webhook-Delivery-ID"]),
    ];

    public static async Task<IResult> ReceiveAsync(string channel, HttpRequest request, WebhookIntake intake, CancellationToken ct)
    {
        var topic = WebhookIntake.Header(request, "X-WC-Webhook-Topic") ?? string.Empty;
        if (intake.Channel(channel, Kind) is not { } options)
        {
            return intake.Refuse("unknown", topic, StatusCodes.Status404NotFound, "unknown_channel");
        }

        if (await intake.ReadBodyAsync(request, ct) is not { } body)
        {
            return intake.Refuse(channel, topic, StatusCodes.Status413PayloadTooLarge, "too_large");
        }

        var signature = WebhookIntake.Header(request, "X-WC-Webhook-Signature");
        if (signature is null && IsPing(body))
        {
            return intake.Ping(channel);
        }

        if (!intake.Verify(channel, options, body, signature, WooSecret.SigningKey))
        {
            return intake.Refuse(channel, topic, StatusCodes.Status401Unauthorized, "signature");
        }

        if (topic.Length is 0 or > 100)
        {
            return intake.Refuse(channel, topic, StatusCodes.Status400BadRequest, "missing_headers");
        }

        var ids = new string?[ProbedFields.Length];
        if (!JsonProbe.TryProbe(body, ProbedFields, ids))
        {
            return intake.Refuse(channel, topic, StatusCodes.Status400BadRequest, "malformed_json");
        }

        // X-WC-Webhook-Delivery-ID is wp_hash(webhook id . time()) — one per second, not per event — so the body's
        // hash is part of the key: a resend of the same payload is a duplicate, two events in one second are not.
        var deliveryId = WebhookIntake.Header(request, "X-WC-Webhook-Delivery-ID") ?? string.Empty;
        var hash = Convert.ToHexStringLower(SHA256.HashData(body), 0, 16);
        var key = $"{topic}|{(deliveryId.Length > 64 ? deliveryId[..64] : deliveryId)}|{hash}";
        var delivery = new IncomingDelivery(
            channel, Kind, topic, key, WooTopics.Resource(topic, ids[0]), body, WebhookIntake.HeadersJson(request, KeptHeaders), Ignored: !WooTopics.IsHandled(topic));
        return await intake.StoreAsync(delivery, ct);
    }

    private static bool IsPing(byte[] body) =>
        body.Length < 64 && Encoding.ASCII.GetString(body).Trim() is var text
        && text.StartsWith("webhook_id=", StringComparison.Ordinal) && long.TryParse(text.AsSpan("webhook_id=".Length), out _);
}
