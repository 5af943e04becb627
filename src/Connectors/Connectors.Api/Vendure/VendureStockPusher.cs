using Integration.Connectors.Availability;

namespace Integration.Connectors.Vendure;

/// <summary>
/// Sets a variant's stock at one Vendure stock location with <c>updateProductVariants</c> (<c>stockLevels</c>). Vendure's
/// <c>stockOnHand</c> still includes what it has allocated to placed orders (saleable = stockOnHand − stockAllocated −
/// outOfStockThreshold), so it is set to our available plus Vendure's allocation at that location: Vendure's saleable
/// then equals ours. The variant is Catalog's external id (kind "variant") for the channel, else the variant with our SKU.
/// </summary>
internal sealed class VendureStockPusher(VendureClients clients, ChannelSkus skus) : IChannelStockPusher
{
    public string Kind => "vendure";

    public async Task<PushOutcome> PushAsync(StockPush push, CancellationToken ct)
    {
        var client = clients.For(push.ChannelName, push.Channel);
        try
        {
            var variantId = await skus.ExternalIdAsync(push.ChannelName, push.Sku, "variant", ct);
            var found = variantId is null
                ? await client.QueryAsync<VariantPage>(VendureQueries.VariantsBySku, new { skus = new[] { push.Sku } }, "productVariants", ct)
                : await client.QueryAsync<VariantPage>(VendureQueries.VariantsById, new { ids = new[] { variantId } }, "productVariants", ct);
            var variant = found.Items.FirstOrDefault(v => variantId is not null ? v.Id == variantId : string.Equals(v.Sku, push.Sku, StringComparison.OrdinalIgnoreCase));
            if (variant is null)
            {
                return PushOutcome.NotSold;
            }

            var level = variant.StockLevels.FirstOrDefault(l => l.StockLocationId == push.ChannelLocationId);
            // A backorder (negative available) is nothing to sell: Vendure gets zero saleable, never a negative stock.
            var onHand = Math.Max(0, push.Available) + (level?.StockAllocated ?? 0);
            if (level is not null && level.StockOnHand == onHand)
            {
                return PushOutcome.Unchanged;
            }

            await client.QueryAsync(VendureQueries.UpdateStockLevels, new
            {
                input = new[] { new { id = variant.Id, stockLevels = new[] { new { stockLocationId = push.ChannelLocationId, stockOnHand = onHand } } } },
            }, ct);
            return PushOutcome.Pushed;
        }
        catch (VendureApiException ex)
        {
            // HTTP-level failures may pass; a GraphQL error (unknown location, invalid input) will not.
            throw new ChannelPushException(ex.Message, ex.Answer, permanent: !ex.Transient, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ChannelPushException($"Vendure ({push.ChannelName}) unreachable: {ex.Message}", ex.Message, permanent: false, ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex)
        {
            throw new ChannelPushException($"Vendure ({push.ChannelName}) did not answer in time", ex.Message, permanent: false, ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ChannelPushException($"Vendure ({push.ChannelName}) did not answer in time", ex.Message, permanent: false, ex);
        }
    }

    private sealed record VariantPage(List<VendureVariantStock> Items);
}
