using System.Collections.Concurrent;
using Grpc.Core;
using Integration.Contracts.Catalog.V1;

namespace Integration.Connectors.Availability;

/// <summary>
/// SKU mapping through Catalog's per-channel external ids (<c>Variant.external_ids</c>: channel, kind, value), both ways:
/// a channel's variant id to our SKU (orders in), our SKU to the channel's id of a kind (stock out). When Catalog has
/// no mapping, the channel's own SKU is taken as ours (storefronts that use the same SKUs need no mapping). Answers are
/// kept for <see cref="Lifetime"/> so a poll does not ask Catalog once per line.
/// </summary>
internal sealed class ChannelSkus(CatalogService.CatalogServiceClient catalog, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string? Value, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    /// <summary>Our SKU for the channel's variant <paramref name="variantId"/>; the channel's SKU when Catalog maps none; null when neither exists.</summary>
    public async Task<string?> SkuOfAsync(string channel, string variantId, string? channelSku, CancellationToken ct)
    {
        var mapped = await CachedAsync($"in|{channel}|{variantId}", async () =>
        {
            var product = await FindAsync(new GetProductRequest { ExternalId = new ExternalId { Channel = channel, Kind = "variant", Value = variantId } }, ct);
            return product?.Variants.FirstOrDefault(v => v.ExternalIds.Any(e => e.Channel == channel && e.Kind == "variant" && e.Value == variantId))?.Sku;
        });
        return mapped ?? (string.IsNullOrWhiteSpace(channelSku) ? null : channelSku.Trim().ToUpperInvariant());
    }

    /// <summary>The channel's id of kind <paramref name="kind"/> (e.g. "variant", "inventory_item") for our SKU, or null when Catalog has none.</summary>
    public Task<string?> ExternalIdAsync(string channel, string sku, string kind, CancellationToken ct) =>
        CachedAsync($"out|{channel}|{kind}|{sku}", async () =>
        {
            var product = await FindAsync(new GetProductRequest { Sku = sku }, ct);
            return product?.Variants.FirstOrDefault(v => string.Equals(v.Sku, sku, StringComparison.OrdinalIgnoreCase))
                ?.ExternalIds.FirstOrDefault(e => e.Channel == channel && e.Kind == kind)?.Value;
        });

    private async Task<Product?> FindAsync(GetProductRequest request, CancellationToken ct)
    {
        try
        {
            return (await catalog.GetProductAsync(request, cancellationToken: ct)).Product;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<string?> CachedAsync(string key, Func<Task<string?>> load)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && now - hit.At < Lifetime)
        {
            return hit.Value;
        }

        var value = await load();
        _cache[key] = (value, now);
        return value;
    }
}
