using Integration.Connectors.Channels;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Shopify;
using Integration.Connectors.Webhooks;
using Integration.Contracts.Order.V1;

namespace Integration.Connectors.WooCommerce;

/// <summary>
/// order.created / order.updated: the order is ingested (a newer date_modified updates it), then what its body says
/// happened is recorded — paid (date_paid), refunded (its refunds), cancelled (status) — each idempotent on its id,
/// so the same body twice, or an older one after a newer, changes nothing.
/// </summary>
public sealed class WooDeliveryHandler(OrderService.OrderServiceClient orders, WooRefundsClient rest) : IDeliveryHandler
{
    public string Kind => WooWebhookEndpoint.Kind;

    // A WooCommerce order names no locations; the channel's REST key, when set, fetches the refunds' lines.
    public async Task HandleAsync(WebhookDelivery delivery, ChannelOptions channel, CancellationToken ct)
    {
        if (!WooTopics.IsHandled(delivery.Topic))
        {
            throw new MappingException($"topic {delivery.Topic} is not acted on");
        }

        using var document = ShopifyDeliveryHandler.Parse(delivery.Raw());
        var body = document.RootElement;
        var order = WooOrderMapper.Order(body, delivery.Channel);
        var key = ShopifyOrderMapper.Key(delivery.Channel, order.ExternalOrderId);
        var payment = WooOrderMapper.Paid(body);
        using var details = JsonValues.Items(body, "refunds").Any() && WooRefundsClient.IsConfigured(channel)
            ? await rest.RefundsAsync(channel, order.ExternalOrderId, ct)
            : null;
        var refunds = WooOrderMapper.Refunds(body, details?.RootElement).ToList();
        await orders.IngestOrderAsync(new IngestOrderRequest { Order = order, Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "order") } }, cancellationToken: ct);
        if (payment is not null)
        {
            await orders.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = payment, Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "payment") } }, cancellationToken: ct);
        }

        foreach (var refund in refunds)
        {
            await orders.RecordRefundAsync(new RecordRefundRequest { Order = key, Refund = refund, Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "refund-" + refund.RefundId) } }, cancellationToken: ct);
        }

        if (WooOrderMapper.IsCancelled(body))
        {
            await orders.CancelOrderAsync(new CancelOrderRequest
            {
                Order = key,
                Reason = "cancelled",
                OccurredAt = WooOrderMapper.Gmt(body, "date_modified_gmt"),
                Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "cancel") },
            }, cancellationToken: ct);
        }
    }
}
