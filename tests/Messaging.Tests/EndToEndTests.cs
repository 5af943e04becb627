using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Tests.Support;

namespace Integration.Messaging.Tests;

/// <summary>Producer outbox → dispatcher → embedded transport → consumer inbox, all real.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Committed_events_are_handled_once_each_in_order_per_aggregate_and_marked_published()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var events = Products.Interleaved(["p1", "p2", "p3", "p4"], 80);

        // Transactions of 1 to 5 events, committed one after another.
        var ids = new List<string>();
        for (int i = 0, size = 1; i < events.Count; i += size, size = (size % 5) + 1)
        {
            ids.AddRange(await producer.CommitAsync(events.Skip(i).Take(size)));
        }

        var effects = await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Count >= ids.Count, "every event to be handled");
        var outbox = await Eventually.WaitForAsync(producer.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every outbox row to be marked published");

        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
        Assertions.InOrderPerAggregate(effects);
        Assert.Equal(ids, outbox.Select(r => r.EventId));
        Assert.All(outbox, r => Assert.Equal(0, r.Attempts));
        Assert.All(consumer.Get<DeliveryLog>().Counts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_producer_with_no_subscriber_for_a_type_marks_its_events_published()
    {
        // Nobody subscribes: publishing is done, nothing waits for a consumer that will never come.
        await using var consumer = await TestApps.StartConsumerAsync(_ => { });
        await using var producer = await TestApps.StartProducerAsync([consumer]);

        await producer.CommitAsync([Products.Changed("p", 1)]);

        var row = Assert.Single(await Eventually.WaitForAsync(producer.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "the row to be published"));
        Assert.Equal(0, row.Attempts);
        Assert.Empty(consumer.Get<DeliveryLog>().Counts);
    }
}
