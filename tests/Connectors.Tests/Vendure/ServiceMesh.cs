extern alias CatalogApi;
extern alias InventoryApi;
extern alias LedgerApi;
extern alias OrderApi;

using Grpc.Net.Client;
using Integration.Connectors.Data;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Inventory.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Order.V1;
using Integration.Messaging.Transports;
using Integration.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Integration.Connectors.Tests.Vendure;

/// <summary>
/// The real Catalog, Inventory, Order, Ledger and Connectors services in memory, each on its own SQLite file, wired as
/// the app host wires them: events through the embedded transport (each service reads the others' /dapr/subscribe and
/// posts CloudEvents to their routes, here over their TestServer handlers), and the Connectors' gRPC clients to the
/// real services. Nothing of ours is mocked.
/// </summary>
public sealed class ServiceMesh : IAsyncDisposable
{
    private static readonly string[] Names = ["catalog", "inventory", "order", "ledger", "connectors"];

    private readonly Dictionary<string, Func<HttpMessageHandler>> _handlers = new(StringComparer.Ordinal);
    private readonly List<GrpcChannel> _channels = [];

    private readonly IReadOnlyDictionary<string, string?> _connectorSettings;
    private readonly IReadOnlyDictionary<string, string?>? _serviceSettings;

    // The Connectors' database lives here, not in its factory's temp folder, so a restarted Connectors finds it.
    private readonly string _folder = Directory.CreateTempSubdirectory("integration-mesh-").FullName;

    public ServiceMesh(IReadOnlyDictionary<string, string?> connectorSettings, IReadOnlyDictionary<string, string?>? serviceSettings = null)
    {
        _connectorSettings = connectorSettings;
        _serviceSettings = serviceSettings;
        Catalog = new MeshHost<CatalogApi::Program>(this, "catalog", "catalogdb", serviceSettings);
        Inventory = new MeshHost<InventoryApi::Program>(this, "inventory", "inventorydb", serviceSettings);
        Order = new MeshHost<OrderApi::Program>(this, "order", "orderdb", serviceSettings);
        Ledger = new MeshHost<LedgerApi::Program>(this, "ledger", "ledgerdb", serviceSettings);
        Connectors = NewConnectors();

        _handlers["catalog"] = () => Catalog.Server.CreateHandler();
        _handlers["inventory"] = () => Inventory.Server.CreateHandler();
        _handlers["order"] = () => Order.Server.CreateHandler();
        _handlers["ledger"] = () => Ledger.Server.CreateHandler();
        _handlers["connectors"] = () => Connectors.Server.CreateHandler();
    }

    public MeshHost<CatalogApi::Program> Catalog { get; }

    public MeshHost<InventoryApi::Program> Inventory { get; }

    public MeshHost<OrderApi::Program> Order { get; }

    public MeshHost<LedgerApi::Program> Ledger { get; }

    public MeshHost<Program> Connectors { get; private set; }

    /// <summary>Stops the Connectors service and starts a new one on the same database (a deploy, a crash).</summary>
    public async Task RestartConnectorsAsync()
    {
        await Connectors.DisposeAsync();
        Connectors = NewConnectors();
        _ = Connectors.Server;
    }

    private MeshHost<Program> NewConnectors()
    {
        var connectors = new MeshHost<Program>(this, "connectors", "connectorsdb", _serviceSettings);
        connectors.Set("ConnectionStrings:connectorsdb", $"Data Source={Path.Combine(_folder, "connectors.db")}");
        foreach (var (key, value) in _connectorSettings)
        {
            connectors.Set(key, value);
        }

        // The Connectors' clients of the real services (registered in its Program.cs) go to their in-memory servers.
        foreach (var (service, client) in new[] { ("order", nameof(OrderService.OrderServiceClient)), ("catalog", nameof(CatalogService.CatalogServiceClient)), ("inventory", nameof(InventoryService.InventoryServiceClient)) })
        {
            connectors.Set($"Connectors:Services:{service}", $"http://{service}");
            connectors.ConfigureTestServices(services => services.Configure<HttpClientFactoryOptions>(client, o =>
                o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = Handler(service))));
        }

        return connectors;
    }

    public CatalogService.CatalogServiceClient CatalogClient => new(Channel(Catalog));

    public InventoryService.InventoryServiceClient InventoryClient => new(Channel(Inventory));

    public OrderService.OrderServiceClient OrderClient => new(Channel(Order));

    public LedgerService.LedgerServiceClient LedgerClient => new(Channel(Ledger));

    public Contracts.Admin.V1.AdminService.AdminServiceClient ConnectorsAdmin => new(Channel(Connectors));

    /// <summary>Starts every service (each reads the others' subscriptions on its first publish).</summary>
    public void Start()
    {
        _ = Catalog.Server;
        _ = Inventory.Server;
        _ = Order.Server;
        _ = Ledger.Server;
        _ = Connectors.Server;
    }

    public async Task<T> ConnectorsDbAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = Connectors.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>());
    }

    internal HttpMessageHandler Handler(string service) => new Route(this, service);

    private GrpcChannel Channel<TProgram>(MeshHost<TProgram> host) where TProgram : class
    {
        var channel = host.CreateGrpcChannel();
        _channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        // Connectors first: its poller calls the others.
        await Connectors.DisposeAsync();
        await Order.DisposeAsync();
        await Inventory.DisposeAsync();
        await Ledger.DisposeAsync();
        await Catalog.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }

    internal static IEnumerable<string> PeersOf(string name) => Names.Where(n => n != name);

    /// <summary>Sends a request into the named service's in-memory server, whatever host the URL names.</summary>
    private sealed class Route(ServiceMesh mesh, string? fixedService) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var service = fixedService ?? request.RequestUri!.Host;
            using var invoker = new HttpMessageInvoker(mesh._handlers[service](), disposeHandler: true);
            return await invoker.SendAsync(request, cancellationToken);
        }
    }

    internal HttpMessageHandler PeerRouter() => new Route(this, null);
}

/// <summary>One service of the mesh: its own SQLite file, its peers routed in memory, fast messaging for tests.</summary>
public sealed class MeshHost<TProgram> : ServiceFactory<TProgram> where TProgram : class
{
    private readonly ServiceMesh _mesh;
    private readonly List<Action<IServiceCollection>> _testServices = [];

    internal MeshHost(ServiceMesh mesh, string name, string connectionName, IReadOnlyDictionary<string, string?>? settings)
        : base(connectionName)
    {
        _mesh = mesh;
        Name = name;
        Set("Messaging:PollInterval", "00:00:00.100");
        Set("Messaging:BaseBackoff", "00:00:00.100");
        Set("Messaging:MaxBackoff", "00:00:01");
        Set("Messaging:SubscriptionRefresh", "00:00:01");
        foreach (var peer in ServiceMesh.PeersOf(name))
        {
            Set($"Messaging:Peers:{peer}", $"http://{peer}");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            Set(key, value);
        }
    }

    public string Name { get; }

    public void ConfigureTestServices(Action<IServiceCollection> configure) => _testServices.Add(configure);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(SubscriptionDirectory.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _mesh.PeerRouter());
            foreach (var configure in _testServices)
            {
                configure(services);
            }
        });
    }
}
