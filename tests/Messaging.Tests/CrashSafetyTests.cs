using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests;

/// <summary>State and events commit together or not at all, and committed events survive the producer.</summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("messaging-crash-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "producer.db")}";

    public void Dispose()
    {
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

    [Fact]
    public async Task Events_committed_by_a_producer_that_died_before_publishing_are_published_by_its_successor()
    {
        // The consumer is not up: its subscriptions cannot be read, so nothing can be delivered.
        var first = await TestApps.StartProducerAsync(
            settings: new Dictionary<string, string?> { ["Messaging:Peers:consumer"] = "http://127.0.0.1:9" },
            connectionString: ConnectionString, name: "producer");
        var events = Products.Interleaved(["p1", "p2"], 6);
        var ids = await first.CommitAsync(events);
        var tried = await Eventually.WaitForAsync(first.OutboxAsync, rows => rows.Count(r => r.Attempts > 0) >= 2, "both aggregates' first rows to fail");
        Assert.All(tried, r => Assert.Null(r.PublishedAt));
        Assert.Contains(tried, r => r.LastError?.Contains("not known yet", StringComparison.Ordinal) == true);
        await first.DisposeAsync();

        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>(), name: "consumer");
        await using var second = await TestApps.StartProducerAsync([consumer], connectionString: ConnectionString, name: "producer");

        var effects = await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Count >= ids.Count, "the successor to publish everything");
        await Eventually.WaitForAsync(second.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every row to be marked published");
        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
        Assertions.InOrderPerAggregate(effects);
        // The state committed with the events survived too.
        Assert.Equal(events.Count, (await second.EffectsAsync()).Count(e => e.Key.StartsWith("state:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rows_leased_by_a_dispatcher_that_died_mid_batch_are_published_once_after_the_lease_expires()
    {
        var lease = TimeSpan.FromSeconds(1);
        var settings = new Dictionary<string, string?> { ["Messaging:LeaseDuration"] = "00:00:01" };
        var first = await TestApps.StartProducerAsync(settings: settings, connectionString: ConnectionString, name: "producer");
        await first.StopDispatcherAsync();
        var ids = await first.CommitAsync(Products.Interleaved(["p1", "p2"], 4));
        // What a dispatcher does before it publishes: lease the rows. Then it dies holding them.
        var leased = await first.WithDbAsync((db, _) => OutboxStore.LeaseAsync(db, "crashed", DateTime.UtcNow, lease, 100, CancellationToken.None));
        Assert.Equal(ids, leased.Select(r => r.EventId));
        var leaseUntil = (await first.OutboxAsync()).Max(r => r.LeaseUntil!.Value);
        await first.DisposeAsync();

        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>(), name: "consumer");
        await using var second = await TestApps.StartProducerAsync([consumer], settings, ConnectionString, name: "producer");

        var effects = await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Count >= ids.Count, "the expired lease to be taken over");
        await Eventually.WaitForAsync(second.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every row to be marked published");
        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
        Assertions.InOrderPerAggregate(effects);
        // Nobody published while the dead dispatcher's lease was still valid.
        Assert.All(effects, e => Assert.True(e.At >= leaseUntil, $"handled at {e.At:O}, lease held until {leaseUntil:O}"));
        Assert.All(consumer.Get<DeliveryLog>().Counts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_rolled_back_or_failed_transaction_leaves_neither_state_nor_outbox_row()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer]);

        // Rolled back after SaveChanges wrote both rows into the transaction.
        await producer.WithDbAsync(async (db, services) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(new Effect { Key = "state:rolled-back", At = DateTime.UtcNow });
            services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("rolled-back", 1), Products.AggregateKey("rolled-back"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });

        // A SaveChanges that fails on the state change (a duplicate key) takes the event down with it.
        var taken = (await producer.CommitAsync([Products.Changed("existing", 1)])).Single();
        var takenId = (await producer.EffectsAsync()).Single().Id;
        await producer.WithDbAsync(async (db, services) =>
        {
            db.Effects.Add(new Effect { Id = takenId, Key = "state:conflict", At = DateTime.UtcNow });
            services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("failed", 1), Products.AggregateKey("failed"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            return 0;
        });

        // Enqueued but never saved: nothing either.
        await producer.WithDbAsync((_, services) =>
            Task.FromResult(services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("unsaved", 1), Products.AggregateKey("unsaved"))));

        var marker = (await producer.CommitAsync([Products.Changed("marker", 1)])).Single();
        await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Any(x => x.EventId == marker), "the marker event to be handled");
        await Eventually.WaitForAsync(producer.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every row to be marked published");

        Assert.Equal([taken, marker], (await producer.OutboxAsync()).Select(r => r.EventId));
        Assert.Equal(["state:product/existing#1", "state:product/marker#1"], (await producer.EffectsAsync()).Select(e => e.Key));
        Assertions.ExactlyOnce([taken, marker], await consumer.EffectsAsync());
    }
}
