using Integration.Messaging;
using Integration.Messaging.Transports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Testing.Messaging;

/// <summary>
/// A real ASP.NET Core app on a TestServer with the messaging library wired exactly as a service
/// wires it, on its own SQLite file. Producers reach consumers over the consumer's TestServer
/// handler, through the real embedded transport and the real CloudEvents middleware.
/// </summary>
public sealed class MessagingTestApp : IAsyncDisposable
{
    private readonly string _folder;

    private MessagingTestApp(WebApplication app, string folder, string connectionString)
    {
        App = app;
        _folder = folder;
        ConnectionString = connectionString;
    }

    public WebApplication App { get; }

    /// <summary>The SQLite connection string; a restarted app can reuse it to find its committed state.</summary>
    public string ConnectionString { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Starts an app named <paramref name="serviceName"/>. <paramref name="peers"/> are consumers this
    /// app publishes to. <paramref name="map"/> maps handlers; <paramref name="configure"/> adds services.
    /// </summary>
    public static async Task<MessagingTestApp> StartAsync(
        string serviceName,
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyList<MessagingTestApp>? peers = null,
        string? connectionString = null)
    {
        var folder = Directory.CreateTempSubdirectory("integration-messaging-").FullName;
        connectionString ??= $"Data Source={Path.Combine(folder, serviceName + ".db")}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Messaging:PollInterval"] = "00:00:00.200";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddDbContext<EffectsDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(Integration.ServiceDefaults.Data.SqliteConnectionTuning.Instance));
        builder.AddMessaging<EffectsDbContext>(serviceName);
        if (peers is { Count: > 0 })
        {
            var byName = peers.ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (var peer in peers)
            {
                builder.Configuration[$"Messaging:Peers:{peer.Name}"] = $"http://{peer.Name}";
            }

            // Route each peer's host name to its in-memory server.
            builder.Services.AddHttpClient(SubscriptionDirectory.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new PeerRouter(byName));
        }

        configure?.Invoke(builder.Services);
        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EffectsDbContext>();
            await db.Database.EnsureCreatedAsync();
            // As the services' start-up does.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        app.UseMessaging();
        map?.Invoke(app);
        await app.StartAsync();
        return new MessagingTestApp(app, folder, connectionString) { Name = serviceName };
    }

    public string Name { get; private init; } = string.Empty;

    /// <summary>A handler that sends requests into this app's in-memory server.</summary>
    public HttpMessageHandler CreateHandler() => App.GetTestServer().CreateHandler();

    /// <summary>Runs <paramref name="work"/> on a fresh scope's DbContext.</summary>
    public async Task<T> WithDbAsync<T>(Func<EffectsDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<EffectsDbContext>(), scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }

    private sealed class PeerRouter(IReadOnlyDictionary<string, MessagingTestApp> peers) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var peer = peers[request.RequestUri!.Host];
            var invoker = new HttpMessageInvoker(peer.CreateHandler(), disposeHandler: false);
            return invoker.SendAsync(request, cancellationToken);
        }
    }
}
