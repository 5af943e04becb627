using System.Text.Json;
using Integration.Connectors.Channels;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Exceptions;
using Integration.Connectors.Shopify;
using Integration.Connectors.Webhooks;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using static Integration.Connectors.Webhooks.JsonValues;

namespace Integration.Connectors.Drift;

/// <summary>
/// inventory_levels/update is a drift signal only. On hand is the warehouse's fact (Inventory owns it); the
/// storefront's figure is compared with our available at the mapped SKU and location, and a difference becomes a
/// STOCK_DRIFT exception for a person. Nothing is ever written to stock from it.
/// </summary>
public sealed partial class StockDriftCheck(
    CatalogService.CatalogServiceClient catalog, InventoryService.InventoryServiceClient inventory, ExceptionDesk exceptions, ILogger<StockDriftCheck> logger)
{
    public async Task CheckAsync(WebhookDelivery delivery, ChannelOptions channel, JsonElement level, CancellationToken ct)
    {
        var itemId = RequiredId(level, "inventory_item_id");
        if (!level.TryGetProperty("available", out var reported) || reported.ValueKind != JsonValueKind.Number)
        {
            // "available": null — Shopify does not track this item's quantity: nothing to compare.
            return;
        }

        var storefront = reported.GetInt64();
        var location = ShopifyOrderMapper.Location(RequiredId(level, "location_id"), channel, delivery.Channel);
        var sku = await SkuAsync(delivery.Channel, itemId, ct);
        var ours = (await inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } }, cancellationToken: ct))
            .Items.Single().Levels.FirstOrDefault(l => l.LocationId == location)?.Available ?? 0;
        var reference = $"{sku}@{location}";
        if (ours == storefront)
        {
            await exceptions.CloseAsync(delivery.Channel, ExceptionKinds.StockDrift, reference, "system", $"the storefront reports {storefront} again, as we do", ct);
            return;
        }

        LogDrift(logger, delivery.Channel, sku, location, storefront, ours);
        var details = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sku"] = sku,
            ["location_id"] = location,
            ["storefront_location_id"] = Id(level, "location_id"),
            ["inventory_item_id"] = itemId,
            ["storefront_available"] = storefront,
            ["our_available"] = ours,
            ["difference"] = storefront - ours,
            ["storefront_updated_at"] = Text(level, "updated_at"),
        });
        await exceptions.OpenAsync(
            delivery.Channel, ExceptionKinds.StockDrift, reference,
            $"The storefront reports {storefront} available for {sku} at {location}; Inventory has {ours}. Stock was not changed: count the location or correct the storefront.",
            delivery.Id, details, ct);
    }

    private async Task<string> SkuAsync(string channel, string inventoryItemId, CancellationToken ct)
    {
        var id = new ExternalId { Channel = channel, Kind = "inventory_item", Value = inventoryItemId };
        try
        {
            var product = (await catalog.GetProductAsync(new GetProductRequest { ExternalId = id }, cancellationToken: ct)).Product;
            return product.Variants.FirstOrDefault(v => v.ExternalIds.Contains(id))?.Sku
                ?? throw new MappingException($"Catalog's product {product.ProductId} has no variant with inventory item {inventoryItemId} of {channel}");
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            throw new MappingException($"inventory item {inventoryItemId} of {channel} is not known to Catalog (no variant has it as its inventory_item id)");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stock drift on {Channel}: {Sku} at {Location} storefront {Storefront}, ours {Ours}")]
    private static partial void LogDrift(ILogger logger, string channel, string sku, string location, long storefront, long ours);
}
