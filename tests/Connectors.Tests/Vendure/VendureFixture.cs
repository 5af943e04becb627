using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Connectors.Tests.Vendure;

/// <summary>
/// One real Vendure and the five real services, started once for the collection. The Connectors service has one
/// Vendure channel, <see cref="Channel"/>, polled every 300 ms; Vendure's two stock locations map to WH-1 and WH-2
/// (WH-3 ships online too, but no Vendure location sells from it).
/// </summary>
public sealed class VendureFixture : IAsyncLifetime
{
    public const string Channel = "vendure-eu";

    public VendureProcess Vendure { get; private set; } = null!;

    public VendureStorefront Store { get; private set; } = null!;

    public ServiceMesh Mesh { get; private set; } = null!;

    public string MainLocation => Vendure.StockLocation("Default Stock Location");

    public string SecondLocation => Vendure.StockLocation("Second warehouse");

    public async Task InitializeAsync()
    {
        Vendure = await VendureProcess.StartAsync();
        Store = new VendureStorefront(Vendure);
        Mesh = new ServiceMesh(
            new Dictionary<string, string?>
            {
                [$"Connectors:Channels:{Channel}:Kind"] = "vendure",
                [$"Connectors:Channels:{Channel}:ApiUrl"] = Vendure.AdminApi.ToString(),
                [$"Connectors:Channels:{Channel}:ApiUser"] = "superadmin",
                [$"Connectors:Channels:{Channel}:ApiPassword"] = "superadmin",
                [$"Connectors:Channels:{Channel}:Locations:{MainLocation}"] = "WH-1",
                [$"Connectors:Channels:{Channel}:Locations:{SecondLocation}"] = "WH-2",
                ["Connectors:Vendure:PollInterval"] = "00:00:00.300",
                ["Connectors:Vendure:OpenOrderSweepInterval"] = "00:00:00.300",
                ["Connectors:Vendure:Overlap"] = "00:00:10",
            },
            new Dictionary<string, string?> { ["Inventory:AvailabilityPublishInterval"] = "00:00:00.200" });
        Mesh.Start();
        var inventory = Mesh.InventoryClient;
        await inventory.UpsertLocationAsync(new UpsertLocationRequest { Location = new Location { LocationId = "WH-1", Name = "Main", Priority = 1, ShipsOnline = true } });
        await inventory.UpsertLocationAsync(new UpsertLocationRequest { Location = new Location { LocationId = "WH-2", Name = "Second", Priority = 2, ShipsOnline = true } });
        // Ships online but sells through no Vendure location: its stock is never pushed to Vendure.
        await inventory.UpsertLocationAsync(new UpsertLocationRequest { Location = new Location { LocationId = "WH-3", Name = "Outlet", Priority = 3, ShipsOnline = true } });
    }

    /// <summary>
    /// A product sold in Vendure as <paramref name="vendureSku"/> and known to us as <paramref name="sku"/> (Catalog maps the
    /// Vendure variant id to it), with <paramref name="vendureStock"/> at Vendure's main location and <paramref name="ourStock"/>
    /// received at <paramref name="ourLocation"/>. Returns the Vendure variant id.
    /// </summary>
    public async Task<string> ProductAsync(string sku, string vendureSku, int vendureStock, int ourStock, string ourLocation = "WH-1")
    {
        var variantId = await Store.CreateVariantAsync(vendureSku, 2000, new Dictionary<string, int> { [MainLocation] = vendureStock });
        var catalog = Mesh.CatalogClient;
        await catalog.UpsertProductAsync(new UpsertProductRequest
        {
            SourceSystem = "erp",
            SourceVersion = 1,
            Product = new Product
            {
                ProductId = sku,
                Title = sku,
                Active = true,
                Variants =
                {
                    new Variant { Sku = sku, UnitCost = 8.00m.ToMoney("EUR"), ListPrices = { 20.00m.ToMoney("EUR") }, GlCategory = "apparel", TaxClass = "standard", Active = true },
                },
            },
        });
        await catalog.UpsertProductAsync(new UpsertProductRequest
        {
            SourceSystem = "storefront",
            SourceVersion = 1,
            UpdateMask = new FieldMask { Paths = { "variants.external_ids" } },
            Product = new Product
            {
                ProductId = sku,
                Variants = { new Variant { Sku = sku, ExternalIds = { new ExternalId { Channel = Channel, Kind = "variant", Value = variantId } } } },
            },
        });
        if (ourStock > 0)
        {
            await Mesh.InventoryClient.ReceiveStockAsync(new ReceiveStockRequest { MovementId = $"grn-{sku}", Sku = sku, LocationId = ourLocation, Quantity = ourStock, Reference = "PO-1" });
        }

        return variantId;
    }

    /// <summary>The order as the Order service has it, once <paramref name="until"/> holds (polls up to <paramref name="seconds"/> s).</summary>
    public async Task<Contracts.Order.V1.Order> OrderAsync(string vendureOrderId, Func<Contracts.Order.V1.Order, bool> until, int seconds = 60)
    {
        var orders = Mesh.OrderClient;
        Contracts.Order.V1.Order? last = null;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = (await orders.GetOrderAsync(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = Channel, ExternalOrderId = vendureOrderId } })).Order;
                if (until(last))
                {
                    return last;
                }
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
            {
                // Not polled yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Vendure order {vendureOrderId} did not reach the expected state within {seconds} s; last seen: {last}");
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> until, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T value;
        do
        {
            value = await read();
            if (until(value))
            {
                return value;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{what} not reached within {seconds} s; last value: {value}");
    }

    public async Task DisposeAsync()
    {
        await Mesh.DisposeAsync();
        Store.Dispose();
        await Vendure.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class VendureCollection : ICollectionFixture<VendureFixture>
{
    public const string Name = "vendure";
}
