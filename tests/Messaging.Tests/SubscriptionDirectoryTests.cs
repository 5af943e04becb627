using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Tests.Support;

namespace Integration.Messaging.Tests;

/// <summary>The embedded transport's view of who subscribes to what, read from the peers' /dapr/subscribe.</summary>
public sealed class SubscriptionDirectoryTests
{
    [Fact]
    public async Task Parallel_deliveries_read_a_peers_subscriptions_once_and_none_fails()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        // One event for each of many aggregates: the first round delivers them all in parallel.
        var ids = await producer.CommitAsync(Enumerable.Range(1, 48).Select(i => Products.Changed($"p{i}", 1)));

        var outbox = await Eventually.WaitForAsync(producer.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every row to be published");

        Assert.Equal(1, consumer.Get<DeliveryLog>().SubscriptionReads);
        Assert.All(outbox, r => Assert.Equal((0, (string?)null), (r.Attempts, r.LastError)));
        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
    }
}
