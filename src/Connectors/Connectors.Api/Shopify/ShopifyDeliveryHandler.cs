using System.Text.Json;
using Integration.Connectors.Channels;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Drift;
using Integration.Connectors.Webhooks;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Order.V1;
using static Integration.Connectors.Webhooks.JsonValues;

namespace Integration.Connectors.Shopify;

/// <summary>
/// Shopify topics to calls on the owning services. Every order topic carries the whole order, so orders/paid and
/// orders/cancelled ingest it first: whichever arrives first creates the order, and Order's own idempotency (same
/// order, same payment id, a stale update) makes any arrival order and any number of redeliveries one final state.
/// </summary>
public sealed class ShopifyDeliveryHandler(
    OrderService.OrderServiceClient orders, CatalogService.CatalogServiceClient catalog, ShopifyProductSync products, StockDriftCheck drift)
    : IDeliveryHandler
{
    public string Kind => ShopifyWebhookEndpoint.Kind;

    public async Task HandleAsync(WebhookDelivery delivery, ChannelOptions channel, CancellationToken ct)
    {
        using var document = Parse(delivery.Raw());
        var body = document.RootElement;
        switch (delivery.Topic)
        {
            case ShopifyTopics.OrdersCreate or ShopifyTopics.OrdersUpdated:
                await IngestAsync(delivery, body, ct);
                break;
            case ShopifyTopics.OrdersPaid:
                await IngestAsync(delivery, body, ct);
                await orders.RecordPaymentAsync(new RecordPaymentRequest
                {
                    Order = ShopifyOrderMapper.Key(delivery.Channel, RequiredId(body, "id")),
                    Payment = ShopifyOrderMapper.Paid(body),
                    Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "payment") },
                }, cancellationToken: ct);
                break;
            case ShopifyTopics.OrdersCancelled:
                var cancel = ShopifyOrderMapper.Cancellation(body, delivery.Channel, channel);
                await IngestAsync(delivery, body, ct);
                cancel.Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "cancel") };
                await orders.CancelOrderAsync(cancel, cancellationToken: ct);
                break;
            case ShopifyTopics.FulfillmentsCreate:
                await orders.RecordShipmentAsync(new RecordShipmentRequest
                {
                    Order = ShopifyOrderMapper.Key(delivery.Channel, RequiredId(body, "order_id")),
                    Shipment = ShopifyOrderMapper.Fulfillment(body, channel, delivery.Channel),
                    Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "shipment") },
                }, cancellationToken: ct);
                break;
            case ShopifyTopics.RefundsCreate:
                await orders.RecordRefundAsync(new RecordRefundRequest
                {
                    Order = ShopifyOrderMapper.Key(delivery.Channel, RequiredId(body, "order_id")),
                    Refund = ShopifyOrderMapper.Refund(body, ShopifyOrderMapper.RefundCurrency(body, channel), channel, delivery.Channel),
                    Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "refund") },
                }, cancellationToken: ct);
                break;
            case ShopifyTopics.ProductsUpdate:
                await products.ApplyAsync(delivery.Channel, body, ct);
                break;
            case ShopifyTopics.InventoryLevelsUpdate:
                await drift.CheckAsync(delivery, channel, body, ct);
                break;
            default:
                throw new MappingException($"topic {delivery.Topic} is not acted on");
        }
    }

    private async Task IngestAsync(WebhookDelivery delivery, JsonElement body, CancellationToken ct)
    {
        var order = ShopifyOrderMapper.Order(body, delivery.Channel);
        // A line without a SKU but with a variant: Catalog knows the variant by its channel id.
        foreach (var (lineId, variantId) in ShopifyOrderMapper.LinesWithoutSku(body))
        {
            if (await SkuOfVariantAsync(delivery.Channel, variantId, ct) is { } sku)
            {
                order.Lines.Single(l => l.ExternalLineId == lineId).Sku = sku;
            }
        }

        await orders.IngestOrderAsync(new IngestOrderRequest
        {
            Order = order,
            Delivery = new Delivery { DeliveryId = DeliveryIds.For(delivery, "order") },
        }, cancellationToken: ct);
    }

    private async Task<string?> SkuOfVariantAsync(string channel, string variantId, CancellationToken ct)
    {
        var id = new ExternalId { Channel = channel, Kind = "variant", Value = variantId };
        try
        {
            var product = (await catalog.GetProductAsync(new GetProductRequest { ExternalId = id }, cancellationToken: ct)).Product;
            return product.Variants.FirstOrDefault(v => v.ExternalIds.Contains(id))?.Sku;
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            // Unknown to Catalog: the line goes on without a SKU and Order holds the order for a person.
            return null;
        }
    }

    internal static JsonDocument Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new MappingException("the body is not JSON: " + ex.Message);
        }
    }
}
