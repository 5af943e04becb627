using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;

namespace Integration.Messaging.Tests;

/// <summary>Replicas of one service share its outbox: leasing keeps them from publishing a row twice or out of order.</summary>
public sealed class LeasingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("messaging-leasing-").FullName;

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
    public async Task Competing_dispatchers_deliver_every_row_exactly_once_and_in_order_per_aggregate()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "producer.db")}";
        // Small batches, so the replicas go back to the table often and race for the same rows.
        var settings = new Dictionary<string, string?> { ["Messaging:BatchSize"] = "8", ["Messaging:DeliveryConcurrency"] = "4" };
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var replicaA = await TestApps.StartProducerAsync([consumer], settings, connectionString, name: "producer");
        await using var replicaB = await TestApps.StartProducerAsync([consumer], settings, connectionString, name: "producer");
        var events = Products.Interleaved([.. Enumerable.Range(1, 10).Select(i => $"p{i}")], 160);

        // Besides both replicas' own dispatchers, extra rounds run concurrently on each of them.
        using var stop = new CancellationTokenSource();
        var rounds = new[] { replicaA, replicaB, replicaA, replicaB }
            .Select(app => Task.Run(() => KeepDispatchingAsync(app.Get<OutboxDispatcher<Testing.Messaging.EffectsDbContext>>(), stop.Token)))
            .ToList();
        var ids = new List<string>();
        foreach (var chunk in events.Chunk(20))
        {
            ids.AddRange(await (ids.Count % 40 == 0 ? replicaA : replicaB).CommitAsync(chunk));
        }

        var effects = await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Count >= ids.Count, "every event to be handled", TimeSpan.FromSeconds(20));
        await Eventually.WaitForAsync(replicaA.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every row to be marked published");
        await stop.CancelAsync();
        await Task.WhenAll(rounds);

        var deliveries = consumer.Get<DeliveryLog>().Counts;
        var twice = ids.Where(id => deliveries.GetValueOrDefault(id) != 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} rows delivered other than once, e.g. {string.Join(", ", twice.Take(3).Select(id => $"{id}×{deliveries.GetValueOrDefault(id)}"))}");
        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
        Assertions.InOrderPerAggregate(effects);
        Assert.All(await replicaB.OutboxAsync(), r => Assert.Equal(0, r.Attempts));
    }

    private static async Task KeepDispatchingAsync(OutboxDispatcher<Testing.Messaging.EffectsDbContext> dispatcher, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await dispatcher.DispatchOnceAsync(ct) == 0)
                {
                    await Task.Delay(5, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
