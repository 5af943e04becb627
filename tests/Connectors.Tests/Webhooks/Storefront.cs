using System.Net.Http.Headers;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>What a storefront does: POST a body with the headers and signature it would send.</summary>
public static class Storefront
{
    public static async Task<HttpResponseMessage> ShopifyAsync(
        HttpClient http, string channel, string topic, byte[] body, string? eventId = null, string? secret = ConnectorsHost.Secret,
        bool lowercaseHeaders = false, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/shopify/{channel}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var prefix = lowercaseHeaders ? "shopify-" : "X-Shopify-";
        request.Headers.Add(prefix + "Topic", topic);
        request.Headers.Add(prefix + "Shop-Domain", "snowdevil.myshopify.com");
        request.Headers.Add(prefix + "API-Version", "2026-07");
        request.Headers.Add(prefix + "Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add(prefix + "Event-Id", eventId ?? Guid.NewGuid().ToString());
        request.Headers.Add(prefix + "Triggered-At", "2025-07-10T16:15:47.000000Z");
        signature ??= secret is null ? null : WebhookSignature.Compute(body, secret);
        if (signature is not null)
        {
            request.Headers.Add(prefix + "Hmac-Sha256", signature);
        }

        return await http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> WooAsync(HttpClient http, string channel, string topic, byte[] body, string? secret = ConnectorsHost.WooSigningSecret, string? deliveryId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/woocommerce/{channel}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-WC-Webhook-Source", "https://example.com/");
        request.Headers.Add("X-WC-Webhook-Topic", topic);
        request.Headers.Add("X-WC-Webhook-Resource", topic.Split('.')[0]);
        request.Headers.Add("X-WC-Webhook-Event", topic.Split('.')[^1]);
        request.Headers.Add("X-WC-Webhook-ID", "42");
        request.Headers.Add("X-WC-Webhook-Delivery-ID", deliveryId ?? Guid.NewGuid().ToString("N"));
        if (secret is not null)
        {
            request.Headers.Add("X-WC-Webhook-Signature", WebhookSignature.Compute(body, secret));
        }

        return await http.SendAsync(request);
    }

    /// <summary>Waits until no delivery of the channel is waiting (processed, failed or ignored), or fails after 30 s.</summary>
    public static async Task<List<WebhookDelivery>> SettledAsync(ConnectorsHost host, string channel, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = await host.QueryAsync(db => db.Deliveries.AsNoTracking().Where(d => d.Channel == channel).OrderBy(d => d.Id).ToListAsync());
            if (rows.Count >= expected && rows.All(r => r.Status != DeliveryStatus.Received))
            {
                return rows;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{channel}: {rows.Count} deliveries, still waiting: {string.Join(", ", rows.Where(r => r.Status == DeliveryStatus.Received).Select(r => $"{r.Topic} ({r.LastError})"))}");
            await Task.Delay(50);
        }
    }
}
