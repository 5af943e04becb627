using System.Net;
using System.Text;
using System.Text.Json;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Tests.Webhooks;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Money;
using Admin = Integration.Contracts.Connectors.V1;

namespace Integration.Connectors.Tests.Shopify;

/// <summary>
/// products/update into the real Catalog as the storefront (only its own fields, versioned by updated_at), and
/// inventory_levels/update as a drift signal against the real Inventory: compared, reported, never written.
/// </summary>
public sealed class ProductAndStockTests : IAsyncLifetime, IDisposable
{
    private const string Channel = "shop-h";
    private const string Sku = "IPOD2008PINK";
    private readonly CatalogHost _catalog = new();
    private readonly InventoryHost _inventory = new();
    private readonly ConnectorsHost _connectors;
    private readonly HttpClient _http;

    public ProductAndStockTests()
    {
        _connectors = new ConnectorsHost().WithCatalog(_catalog).WithInventory(_inventory);
        _http = _connectors.CreateClient();
    }

    public async Task InitializeAsync()
    {
        // The ERP's product, with the channel's ids of the product and of the variant's inventory item.
        var product = new Product { ProductId = "IPOD-NANO", Title = "IPOD NANO 8GB (ERP)", Description = "erp text", Active = true };
        product.ExternalIds.Add(new ExternalId { Channel = Channel, Kind = "product", Value = "632910392" });
        var variant = new Variant { Sku = Sku, Title = "pink", UnitCost = 120.00m.ToMoney("USD"), TaxClass = "standard", GlCategory = "electronics", WeightGrams = 100, Active = true };
        variant.ListPrices.Add(199.00m.ToMoney("USD"));
        variant.ExternalIds.Add(new ExternalId { Channel = Channel, Kind = "inventory_item", Value = "808950810" });
        product.Variants.Add(variant);
        await _catalog.Client().UpsertProductAsync(new UpsertProductRequest { SourceSystem = "erp", SourceVersion = 1, Product = product });
        var inventory = _inventory.Client();
        await inventory.UpsertLocationAsync(new UpsertLocationRequest { Location = new Location { LocationId = "WH-EAST", Name = "East", ShipsOnline = true } });
        await inventory.ReceiveStockAsync(new ReceiveStockRequest { MovementId = "grn-1", Sku = Sku, LocationId = "WH-EAST", Quantity = 42, Reference = "PO-1" });
    }

    /// <summary>A products/update body in Shopify's documented shape (REST product resource; no product body is among the fixtures).</summary>
    private static byte[] ProductBody(string title, string updatedAt, bool published = true) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        id = 632910392,
        title,
        body_html = "<p>It's the small iPod with one very big idea: Video.</p>",
        vendor = "Apple",
        product_type = "Cult Products",
        created_at = "2025-04-02T11:26:34-05:00",
        handle = "ipod-nano",
        updated_at = updatedAt,
        published_at = published ? "2007-12-31T19:00:00-05:00" : null,
        status = "active",
        variants = new object[]
        {
            new { id = 808950810, product_id = 632910392, title = "Pink", price = "199.00", sku = Sku, inventory_item_id = 808950810 },
            new { id = 49148385, product_id = 632910392, title = "Red", price = "199.00", sku = "NOT-IN-CATALOG", inventory_item_id = 49148385 },
        },
        images = new object[]
        {
            new { id = 850703190, position = 2, src = "https://cdn.shopify.com/s/files/1/0005/4838/0009/products/ipod-nano-2.png", alt = (string?)null },
            new { id = 562641783, position = 1, src = "https://cdn.shopify.com/s/files/1/0005/4838/0009/products/ipod-nano.png", alt = "iPod Nano" },
        },
    }));

    private async Task SendAsync(string topic, byte[] body)
    {
        using var response = await Storefront.ShopifyAsync(_http, Channel, topic, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Products_update_sets_the_storefront_fields_only_and_an_older_update_changes_nothing()
    {
        await SendAsync("products/update", ProductBody("IPod Nano - 8GB", "2025-04-02T11:30:00-05:00"));
        await Storefront.SettledAsync(_connectors, Channel, 1);
        await SendAsync("products/update", ProductBody("An older title", "2025-04-02T11:00:00-05:00", published: false));
        var deliveries = await Storefront.SettledAsync(_connectors, Channel, 2);

        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Processed, d.Status));
        var product = (await _catalog.Client().GetProductAsync(new GetProductRequest { ProductId = "IPOD-NANO" })).Product;
        Assert.Equal(("IPod Nano - 8GB", "<p>It's the small iPod with one very big idea: Video.</p>", "ipod-nano", Visibility.Visible),
            (product.Title, product.Description, product.Handle, product.Visibility));
        Assert.Equal(["https://cdn.shopify.com/s/files/1/0005/4838/0009/products/ipod-nano.png", "https://cdn.shopify.com/s/files/1/0005/4838/0009/products/ipod-nano-2.png"], product.Media.Select(m => m.Url));
        // The variant's title is the storefront's; cost, price and activity stay the ERP's; an unknown SKU is not created.
        var variant = Assert.Single(product.Variants);
        Assert.Equal(("Pink", 120.00m, 199.00m, true), (variant.Title, variant.UnitCost.ToDecimal(), variant.ListPrices.Single().ToDecimal(), variant.Active));
    }

    [Fact]
    public async Task Inventory_levels_update_is_compared_never_written_a_difference_is_a_drift_exception_that_closes_when_they_agree()
    {
        var same = FixtureFiles.ShopifyBody("inventory_level_POST_set", "inventory_level");
        var lower = FixtureFiles.ShopifyBody("inventory_level_POST_adjust", "inventory_level");
        var admin = _connectors.Admin();

        await SendAsync("inventory_levels/update", same);
        await Storefront.SettledAsync(_connectors, Channel, 1);
        Assert.Empty((await admin.ListExceptionsAsync(new Admin.ListExceptionsRequest { Channel = Channel })).Exceptions);

        // Shopify says 6 at 655441491 (our WH-EAST); we have 42.
        await SendAsync("inventory_levels/update", lower);
        await Storefront.SettledAsync(_connectors, Channel, 2);
        var drift = Assert.Single((await admin.ListExceptionsAsync(new Admin.ListExceptionsRequest { Channel = Channel, Kind = "STOCK_DRIFT" })).Exceptions);
        Assert.Equal(($"{Sku}@WH-EAST", Admin.ExceptionStatus.Open), (drift.Reference, drift.Status));
        using (var details = JsonDocument.Parse(drift.DetailsJson))
        {
            Assert.Equal((6, 42, -36), (details.RootElement.GetProperty("storefront_available").GetInt64(), details.RootElement.GetProperty("our_available").GetInt64(), details.RootElement.GetProperty("difference").GetInt64()));
        }

        // Never written: Inventory still has what the warehouse said.
        var level = (await _inventory.Client().GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { Sku } })).Items.Single();
        Assert.Equal((42L, 42L), (level.OnHand, level.Available));

        // The storefront agrees again (the set, sent anew): the drift closes by itself.
        await SendAsync("inventory_levels/update", same);
        await Storefront.SettledAsync(_connectors, Channel, 3);
        var closed = Assert.Single((await admin.ListExceptionsAsync(new Admin.ListExceptionsRequest { Channel = Channel, Kind = "STOCK_DRIFT" })).Exceptions);
        Assert.Equal((Admin.ExceptionStatus.Resolved, "system"), (closed.Status, closed.ResolvedBy));
    }

    [Fact]
    public async Task An_inventory_item_Catalog_does_not_know_is_a_mapping_failure()
    {
        await SendAsync("inventory_levels/update", """{"inventory_item_id": 1, "location_id": 655441491, "available": 3, "updated_at": "2025-04-02T11:30:19-05:00"}"""u8.ToArray());
        var delivery = Assert.Single(await Storefront.SettledAsync(_connectors, Channel, 1));

        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        var exception = Assert.Single((await _connectors.Admin().ListExceptionsAsync(new Admin.ListExceptionsRequest { DeliveryId = delivery.Id })).Exceptions);
        Assert.Equal("MAPPING_FAILED", exception.Kind);
        Assert.Contains("inventory item 1", exception.Reason, StringComparison.Ordinal);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _http.Dispose();
        _connectors.Dispose();
        _catalog.Dispose();
        _inventory.Dispose();
    }
}
