using Integration.Messaging.DeadLetters;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests.Support;

/// <summary>Producer and consumer apps with test-speed settings and the test's probes registered.</summary>
internal static class TestApps
{
    /// <summary>Fast polling and short backoff, so retries happen within a test's time.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Fast = new Dictionary<string, string?>
    {
        ["Messaging:PollInterval"] = "00:00:00.050",
        ["Messaging:BaseBackoff"] = "00:00:00.050",
        ["Messaging:MaxBackoff"] = "00:00:01",
        // EF Core logs every command at Information: keep test output to what matters.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>A unique service name, so consumer names (and their metrics) never collide between parallel tests.</summary>
    public static string Name(string role) => $"{role}-{Guid.NewGuid():N}"[..(role.Length + 9)];

    /// <summary>A consumer whose deliveries are logged (and scriptable) before its handlers run.</summary>
    public static async Task<MessagingTestApp> StartConsumerAsync(
        Action<WebApplication> map, IReadOnlyDictionary<string, string?>? settings = null, string? name = null) =>
        await UseWalAsync(await MessagingTestApp.StartAsync(
            name ?? Name("consumer"),
            map: app =>
            {
                app.UseDeliveryLog();
                map(app);
            },
            configure: Probes,
            settings: Merge(settings)));

    public static async Task<MessagingTestApp> StartProducerAsync(
        IReadOnlyList<MessagingTestApp>? peers = null, IReadOnlyDictionary<string, string?>? settings = null,
        string? connectionString = null, string? name = null) =>
        await UseWalAsync(await MessagingTestApp.StartAsync(
            name ?? Name("producer"), configure: Probes, settings: Merge(settings), peers: peers, connectionString: connectionString));

    /// <summary>
    /// The services' databases run in WAL mode (set by their migration step), where readers do not
    /// block the writer; MessagingTestApp leaves SQLite's default journal, so it is switched here.
    /// </summary>
    private static async Task<MessagingTestApp> UseWalAsync(MessagingTestApp app)
    {
        await app.WithDbAsync((db, _) => db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;"));
        return app;
    }

    private static void Probes(IServiceCollection services) =>
        services.AddSingleton<DeliveryLog>().AddSingleton<HandlerCalls>().AddSingleton<FailureScript>();

    private static Dictionary<string, string?> Merge(IReadOnlyDictionary<string, string?>? settings)
    {
        var merged = new Dictionary<string, string?>(Fast, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }

    public static T Get<T>(this MessagingTestApp app) where T : notnull => app.Services.GetRequiredService<T>();

    public static HttpClient CreateClient(this MessagingTestApp app) =>
        new(app.CreateHandler()) { BaseAddress = new Uri($"http://{app.Name}") };

    /// <summary>Stops the app's background dispatcher, so the test can drive rounds itself.</summary>
    internal static async Task<OutboxDispatcher<EffectsDbContext>> StopDispatcherAsync(this MessagingTestApp app)
    {
        var dispatcher = app.Get<OutboxDispatcher<EffectsDbContext>>();
        await dispatcher.StopAsync(CancellationToken.None);
        return dispatcher;
    }

    /// <summary>
    /// Commits <paramref name="events"/> the way a service does: a state change and the outbox rows
    /// in one transaction. Returns the CloudEvent ids in commit order.
    /// </summary>
    public static Task<List<string>> CommitAsync(this MessagingTestApp producer, IEnumerable<Contracts.Events.V1.ProductChanged> events) =>
        producer.WithDbAsync(async (db, services) =>
        {
            var outbox = services.GetRequiredService<IOutbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var ids = new List<string>();
            foreach (var evt in events)
            {
                var key = Products.AggregateKey(evt.ProductId);
                db.Effects.Add(new Effect { Key = "state:" + Products.EffectKey(key, evt.Version), At = DateTime.UtcNow });
                ids.Add(outbox.Enqueue(evt, key));
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return ids;
        });

    public static Task<List<Effect>> EffectsAsync(this MessagingTestApp app) =>
        app.WithDbAsync((db, _) => db.Effects.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public static Task<List<OutboxMessage>> OutboxAsync(this MessagingTestApp app) =>
        app.WithDbAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    public static Task<List<DeadLetter>> DeadLettersAsync(this MessagingTestApp app) =>
        app.WithDbAsync((db, _) => db.Set<DeadLetter>().AsNoTracking().ToListAsync());

    public static Task<List<InboxFailure>> InboxFailuresAsync(this MessagingTestApp app) =>
        app.WithDbAsync((db, _) => db.Set<InboxFailure>().AsNoTracking().ToListAsync());

    public static Task<List<InboxRecord>> InboxAsync(this MessagingTestApp app) =>
        app.WithDbAsync((db, _) => db.Set<InboxRecord>().AsNoTracking().ToListAsync());
}
