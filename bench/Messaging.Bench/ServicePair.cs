using System.Diagnostics;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Integration.Messaging.Bench;

/// <summary>How much of the path a bench run exercises (the stage breakdown).</summary>
public enum Stage
{
    /// <summary>Commit, dispatch, deliver over HTTP, handle in the consumer.</summary>
    Full,

    /// <summary>Commit and dispatch (lease, mark published); the producer has no subscriber to deliver to.</summary>
    NoConsumer,

    /// <summary>Commit only: no dispatcher.</summary>
    ProducerOnly,

    /// <summary>The state change alone, no outbox row, no dispatcher: what the outbox row adds to a commit.</summary>
    StateOnly,
}

/// <summary>A producer and a consumer service, each a real Kestrel app with its own SQLite file, wired by the embedded transport.</summary>
public sealed class ServicePair : IAsyncDisposable
{
    private readonly WebApplication _producer;
    private readonly WebApplication _consumer;

    private readonly Stage _stage;

    private ServicePair(WebApplication producer, WebApplication consumer, Probe probe, string folder, Stage stage)
    {
        _stage = stage;
        _producer = producer;
        _consumer = consumer;
        Probe = probe;
        Folder = folder;
    }

    public Probe Probe { get; }

    public string Folder { get; }

    public string ProducerAddress => Address(_producer);

    public string ConsumerAddress => Address(_consumer);

    public static async Task<ServicePair> StartAsync(bool pooled, CancellationToken ct, Stage stage = Stage.Full, bool bulkHandler = false, int pageCacheKiB = 0, int walPages = 0)
    {
        var folder = Directory.CreateTempSubdirectory("integration-bench-").FullName;
        var probe = new Probe();
        var tuning = pageCacheKiB > 0 ? new Integration.ServiceDefaults.Data.SqliteConnectionTuning(pageCacheKiB) : Integration.ServiceDefaults.Data.SqliteConnectionTuning.Instance;
        DbConnectionInterceptor[] interceptors = walPages > 0 ? [tuning, new WalCheckpointSetting(walPages)] : [tuning];
        var consumer = Build("consumer", folder, probe, peer: null, pooled, interceptors);
        consumer.Use((context, next) =>
        {
            probe.Delivered();
            return next(context);
        });
        consumer.UseMessaging();
        if (bulkHandler)
        {
            consumer.MapEventHandler<ProductChanged, RecordingBulkHandler>(new EventHandlerOptions { Bulk = true });
        }
        else
        {
            consumer.MapEventHandler<ProductChanged, RecordingHandler>(new EventHandlerOptions { Bulk = true });
        }
        await consumer.StartAsync(ct);

        var producer = Build("producer", folder, probe, peer: stage == Stage.Full ? Address(consumer) : null, pooled, interceptors, dispatch: stage is Stage.Full or Stage.NoConsumer);
        producer.UseMessaging();
        await producer.StartAsync(ct);
        return new ServicePair(producer, consumer, probe, folder, stage);
    }

    private static WebApplication Build(
        string name, string folder, Probe probe, string? peer, bool pooled, DbConnectionInterceptor[] interceptors, bool dispatch = true)
    {
        // No configuration reload: its file watcher covers the content root (the directory the bench is started from)
        // recursively, and reading the events of every file written under it (another build, the SQLite WAL when started
        // from the temp folder) cost up to 6 % of the process's CPU. A deployed service's content root is its own bin folder.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (peer is not null)
        {
            builder.Configuration["Messaging:Peers:consumer"] = peer;
        }

        builder.Services.AddSingleton(probe);
        var connectionString = $"Data Source={Path.Combine(folder, name + ".db")}";
        if (pooled)
        {
            // Contexts reused from a pool: options and internal services are not rebuilt per unit of work.
            builder.Services.AddDbContextPool<BenchDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(interceptors));
        }
        else
        {
            // As the services register their context (Integration.ServiceDefaults' AddServiceDatabase).
            builder.Services.AddDbContext<BenchDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(interceptors));
        }

        builder.AddMessaging<BenchDbContext>(name);
        if (!dispatch)
        {
            // The stage breakdown's "commits alone": no dispatcher reads the outbox.
            builder.Services.RemoveAll<IHostedService>();
        }

        var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        return app;
    }

    /// <summary>
    /// Commits <paramref name="count"/> state changes, each with its event, from <paramref name="writers"/> concurrent
    /// transactions of <paramref name="perCommit"/> changes each.
    /// </summary>
    public Task CommitAsync(int count, int writers, int perCommit, CancellationToken ct)
    {
        var next = 0;
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int first;
            while ((first = Interlocked.Add(ref next, perCommit) - perCommit) < count)
            {
                await CommitAsync(first, Math.Min(perCommit, count - first), ct);
            }
        }, ct)));
    }

    /// <summary>Commits one event per transaction from <paramref name="writers"/> writers for <paramref name="duration"/>; returns how many.</summary>
    public async Task<int> CommitForAsync(TimeSpan duration, int writers, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await CommitAsync(2_000_000_000 - Interlocked.Increment(ref next), 1, ct);
            }
        }, ct)));
        return next + 1;
    }

    /// <summary>Commits at a fixed arrival rate, so latency is measured below saturation.</summary>
    public async Task CommitPacedAsync(int count, int perSecond, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            inFlight.Add(CommitAsync(1_000_000_000 + i, 1, ct));
            if (inFlight.Count >= 64)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task CommitAsync(int first, int perCommit, CancellationToken ct)
    {
        await using var scope = _producer.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var ids = new string[perCommit];
        for (var n = 0; n < perCommit; n++)
        {
            var i = first + n;
            db.Facts.Add(new Fact { Key = $"product-{i}" });
            ids[n] = _stage == Stage.StateOnly
                ? $"state-{i}"
                : outbox.Enqueue(new ProductChanged { ProductId = $"P{i}", Version = 1, SourceSystem = "bench", Active = true }, $"product/{i % 512}");
        }

        // Stamped before the commit: the latency includes it, as a caller would see it.
        var at = Stopwatch.GetTimestamp();
        foreach (var id in ids)
        {
            Probe.Committed(id, at);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Waits until the producer's outbox has nothing left to publish.</summary>
    public async Task WaitPublishedAsync(CancellationToken ct)
    {
        while (true)
        {
            await using (var scope = _producer.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
                if (!await db.Set<Outbox.OutboxMessage>().AnyAsync(m => m.PublishedAt == null, ct))
                {
                    return;
                }
            }

            await Task.Delay(5, ct);
        }
    }

    public async Task WaitHandledAsync(long count, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 300);
        while (Probe.Handled < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"only {Probe.Handled} of {count} events handled after 300 s");
            }

            await Task.Delay(5, ct);
        }
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async ValueTask DisposeAsync()
    {
        await _producer.StopAsync();
        await _consumer.StopAsync();
        await _producer.DisposeAsync();
        await _consumer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
