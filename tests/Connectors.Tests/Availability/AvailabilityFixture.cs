using Google.Protobuf.WellKnownTypes;
using Integration.Connectors.Tests.Vendure;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Testing.Messaging;

namespace Integration.Connectors.Tests.Availability;

/// <summary>
/// The real services in memory with one Shopify channel whose Admin API is the local <see cref="ShopifyStandIn"/>;
/// Shopify location 65001 is our WH-1. Availability events are delivered to the Connectors service as the embedded
/// transport delivers them (a CloudEvent posted to the handler's route).
/// </summary>
public sealed class AvailabilityFixture : IAsyncLifetime
{
    public const string Channel = "shop-out";
    public const string ShopifyLocation = "65001";
    public const string LocationGid = "gid://shopify/Location/65001";
    public const int MaxHandleAttempts = 3;

    private int _items = 1000;

    public ShopifyStandIn Shopify { get; private set; } = null!;

    public ServiceMesh Mesh { get; private set; } = null!;

    public HttpClient Connectors { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Shopify = await ShopifyStandIn.StartAsync();
        Mesh = new ServiceMesh(
            new Dictionary<string, string?>
            {
                [$"Connectors:Channels:{Channel}:Kind"] = "shopify",
                [$"Connectors:Channels:{Channel}:Secret"] = "standin-webhook-secret",
                [$"Connectors:Channels:{Channel}:ApiUrl"] = Shopify.BaseAddress.ToString(),
                [$"Connectors:Channels:{Channel}:ApiUser"] = ShopifyStandIn.Token,
                [$"Connectors:Channels:{Channel}:Locations:{ShopifyLocation}"] = "WH-1",
                ["Messaging:MaxHandleAttempts"] = MaxHandleAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        Mesh.Start();
        Connectors = Mesh.Connectors.CreateClient();
    }

    /// <summary>A SKU sold in Shopify as a new inventory item (Catalog's external id), stocked at the channel's location; returns the item's gid.</summary>
    public async Task<string> ShopifyItemAsync(string sku, long shopifyAvailable, bool stockedInShopify = true)
    {
        var item = Interlocked.Increment(ref _items).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var catalog = Mesh.CatalogClient;
        await catalog.UpsertProductAsync(new UpsertProductRequest
        {
            SourceSystem = "erp",
            SourceVersion = 1,
            Product = new Product { ProductId = sku, Title = sku, Active = true, Variants = { new Variant { Sku = sku, UnitCost = 3.00m.ToMoney("EUR"), GlCategory = "apparel", Active = true } } },
        });
        await catalog.UpsertProductAsync(new UpsertProductRequest
        {
            SourceSystem = "storefront",
            SourceVersion = 1,
            UpdateMask = new FieldMask { Paths = { "variants.external_ids" } },
            Product = new Product
            {
                ProductId = sku,
                Variants = { new Variant { Sku = sku, ExternalIds = { new ExternalId { Channel = Channel, Kind = "inventory_item", Value = item } } } },
            },
        });
        var gid = $"gid://shopify/InventoryItem/{item}";
        if (stockedInShopify)
        {
            Shopify.Stock(gid, LocationGid, shopifyAvailable);
        }

        return gid;
    }

    /// <summary>Delivers Inventory's event for <paramref name="sku"/> at WH-1; returns the transport's answer (SUCCESS or RETRY).</summary>
    public Task<string> ChangedAsync(string sku, long available, long sequence, string? eventId = null) =>
        Connectors.PostEventAsync(
            new AvailabilityChanged { Sku = sku, LocationId = "WH-1", OnHand = available, Available = available, Sequence = sequence, OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) },
            "AvailabilityChangedHandler", eventId ?? $"avail-{sku}-{sequence}-{Guid.NewGuid():N}");

    public async Task DisposeAsync()
    {
        Connectors.Dispose();
        await Mesh.DisposeAsync();
        await Shopify.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AvailabilityCollection : ICollectionFixture<AvailabilityFixture>
{
    public const string Name = "availability";
}
