using System.Security.Cryptography;
using System.Text;
using Integration.Connectors.Channels;
using Integration.Connectors.Data.Deliveries;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Applies one stored delivery of a storefront kind to the owning services. Throws <see cref="MappingException"/>
/// for a payload it cannot map (permanent) and lets gRPC errors through (the processor tells transient from permanent).
/// </summary>
public interface IDeliveryHandler
{
    /// <summary>shopify or woocommerce.</summary>
    string Kind { get; }

    Task HandleAsync(WebhookDelivery delivery, ChannelOptions channel, CancellationToken ct);
}

/// <summary>Ids passed on to the services so their own idempotency recognises a delivery processed twice.</summary>
public static class DeliveryIds
{
    /// <summary>
    /// One id per delivery and step (an orders/paid delivery both ingests and pays: two facts, two ids), at most the
    /// 128 characters Order accepts.
    /// </summary>
    public static string For(WebhookDelivery delivery, string step)
    {
        var id = $"{delivery.DeliveryKey}|{step}";
        return id.Length <= 128 ? id : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }
}
