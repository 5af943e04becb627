extern alias CatalogApi;
extern alias InventoryApi;
extern alias OrderApi;

using Integration.Connectors.Data;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Order.V1;
using Integration.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>The real Order service in memory on its own SQLite file.</summary>
public sealed class OrderHost() : ServiceFactory<OrderApi::Program>("orderdb")
{
    public OrderService.OrderServiceClient Client() => new(CreateGrpcChannel());
}

/// <summary>The real Catalog service in memory on its own SQLite file.</summary>
public sealed class CatalogHost() : ServiceFactory<CatalogApi::Program>("catalogdb")
{
    public CatalogService.CatalogServiceClient Client() => new(CreateGrpcChannel());
}

/// <summary>The real Inventory service in memory on its own SQLite file.</summary>
public sealed class InventoryHost() : ServiceFactory<InventoryApi::Program>("inventorydb")
{
    public InventoryService.InventoryServiceClient Client() => new(CreateGrpcChannel());
}

/// <summary>
/// The Connectors service in memory with test channels configured, its gRPC clients pointed at in-memory hosts of
/// the real services (their TestServer handler as the client's primary handler; no mock of our own services).
/// </summary>
public sealed class ConnectorsHost : ServiceFactory<Program>
{
    public const string Secret = "shpss_5f0d8c3e_test_app_secret";
    public const string PreviousSecret = "shpss_old_rotated_secret";
    public const string WooChannel = "woo";

    // WooCommerce keeps the secret HTML-escaped; it signs with the decoded form ("p&ss").
    public const string WooStoredSecret = "wc_p&amp;ss_\"q\"";
    public const string WooSigningSecret = "wc_p&ss_\"q\"";

    /// <summary>Channels of kind shopify, one per test that needs its own orders.</summary>
    public static readonly string[] ShopifyChannels = ["shop", "shop-a", "shop-b", "shop-c", "shop-d", "shop-e", "shop-f", "shop-g", "shop-h", "shop-i"];

    /// <summary>Shopify's location ids in the fixtures and ours.</summary>
    public static readonly Dictionary<string, string> Locations = new() { ["655441491"] = "WH-EAST", ["487838322"] = "WH-WEST", ["24826418"] = "WH-EAST" };

    private readonly List<Action<IServiceCollection>> _services = [];

    public ConnectorsHost(string? databaseFile = null) : base("connectorsdb")
    {
        foreach (var channel in ShopifyChannels)
        {
            Set($"Connectors:Channels:{channel}:Kind", "shopify");
            Set($"Connectors:Channels:{channel}:Secret", Secret);
            Set($"Connectors:Channels:{channel}:Currency", "USD");
            foreach (var (theirs, ours) in Locations)
            {
                Set($"Connectors:Channels:{channel}:Locations:{theirs}", ours);
            }
        }

        // One channel in a secret rotation: the previous secret is accepted for another hour.
        Set("Connectors:Channels:shop:PreviousSecret", PreviousSecret);
        Set("Connectors:Channels:shop:PreviousSecretValidUntil", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        // One whose window closed.
        Set("Connectors:Channels:shop-a:PreviousSecret", PreviousSecret);
        Set("Connectors:Channels:shop-a:PreviousSecretValidUntil", DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        // A channel without the fixtures' locations: its fulfilments cannot be mapped.
        Set("Connectors:Channels:shop-unmapped:Kind", "shopify");
        Set("Connectors:Channels:shop-unmapped:Secret", Secret);
        Set($"Connectors:Channels:{WooChannel}:Kind", "woocommerce");
        Set($"Connectors:Channels:{WooChannel}:Secret", WooStoredSecret);
        Set("Connectors:Channels:vendure-x:Kind", "vendure");
        Set("Connectors:Webhooks:SweepInterval", "00:00:00.200");
        Set("Connectors:Webhooks:RetryBaseDelay", "00:00:00.100");
        Set("Connectors:Webhooks:RetryMaxDelay", "00:00:01");
        if (databaseFile is not null)
        {
            Set("ConnectionStrings:connectorsdb", $"Data Source={databaseFile}");
        }
    }

    public ConnectorsHost With<TClient, TProgram>(WebApplicationFactory<TProgram> service) where TClient : class where TProgram : class
    {
        _services.Add(services => services
            .AddGrpcClient<TClient>(o => o.Address = service.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => service.Server.CreateHandler()));
        return this;
    }

    /// <summary>The service's clock (a fake one lets a test move past a stored backoff without waiting for it).</summary>
    public ConnectorsHost WithClock(TimeProvider clock)
    {
        _services.Add(services => services.AddSingleton(clock));
        return this;
    }

    public ConnectorsHost WithOrder(OrderHost order) => With<OrderService.OrderServiceClient, OrderApi::Program>(order);

    public ConnectorsHost WithCatalog(CatalogHost catalog) => With<CatalogService.CatalogServiceClient, CatalogApi::Program>(catalog);

    public ConnectorsHost WithInventory(InventoryHost inventory) => With<InventoryService.InventoryServiceClient, InventoryApi::Program>(inventory);

    public Contracts.Connectors.V1.ConnectorService.ConnectorServiceClient Admin() => new(CreateGrpcChannel());

    public async Task<T> QueryAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}
