using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;

namespace Integration.AppHost.Tests;

/// <summary>The whole app host started once for the collection, each service on a fresh SQLite file.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["catalog", "inventory", "order", "ledger", "connectors"];

    private readonly string _data = Directory.CreateTempSubdirectory("integration-apphost-").FullName;
    private readonly List<GrpcChannel> _channels = [];

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The Aspire dashboard (its telemetry API answers without a key in tests).</summary>
    public Uri Dashboard { get; private set; } = null!;

    /// <summary>How long start-up took until every service reported healthy.</summary>
    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The dashboard runs too (testing disables it by default): it is the trace collector the
        // services export to, and its telemetry API shows whether one trace spans several services.
        int dashboardPort = FreePort(), otlpPort = FreePort(), resourcePort = FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(
            [
                $"ASPNETCORE_URLS=http://127.0.0.1:{dashboardPort}",
                $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{otlpPort}",
                $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{resourcePort}",
                "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
                "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            ],
            (options, _) =>
            {
                options.DisableDashboard = false;
                options.AllowUnsecuredTransport = true;
            });
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment($"ConnectionStrings__{project.Name}db", $"Data Source={Path.Combine(_data, project.Name + ".db")}");
        }

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.StartAsync(timeout.Token);
        await Task.WhenAll(Services.Select(s => App.ResourceNotifications.WaitForResourceHealthyAsync(s, timeout.Token)));
        StartedIn = clock.Elapsed;
        Dashboard = App.GetEndpoint("aspire-dashboard", "http");
    }

    /// <summary>A gRPC channel to a service's HTTP/2 endpoint.</summary>
    public GrpcChannel Channel(string service)
    {
        var channel = GrpcChannel.ForAddress(App.GetEndpoint(service, "grpc"));
        _channels.Add(channel);
        return channel;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A service may still be closing its file; the OS cleans the temp folder.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "app host";
}
