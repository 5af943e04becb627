using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;

namespace Integration.AppHost.Tests;

/// <summary>The whole app host started once for the collection, each service on a fresh SQLite file.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["catalog", "inventory", "order", "ledger"];

    private readonly string _data = Directory.CreateTempSubdirectory("integration-apphost-").FullName;
    private readonly List<GrpcChannel> _channels = [];

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>How long start-up took until every service reported healthy.</summary>
    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>();
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                // Without a collector the exporter would hold every service 10 s at shutdown.
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty)
                .WithEnvironment($"ConnectionStrings__{project.Name}db", $"Data Source={Path.Combine(_data, project.Name + ".db")}");
        }

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.StartAsync(timeout.Token);
        await Task.WhenAll(Services.Select(s => App.ResourceNotifications.WaitForResourceHealthyAsync(s, timeout.Token)));
        StartedIn = clock.Elapsed;
    }

    /// <summary>A gRPC channel to a service's HTTP/2 endpoint.</summary>
    public GrpcChannel Channel(string service)
    {
        var channel = GrpcChannel.ForAddress(App.GetEndpoint(service, "grpc"));
        _channels.Add(channel);
        return channel;
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
