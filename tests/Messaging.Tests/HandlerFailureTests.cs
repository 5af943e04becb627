using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Tests.Support;

namespace Integration.Messaging.Tests;

/// <summary>A handler that fails part-way leaves nothing behind, and its retry takes effect once.</summary>
public sealed class HandlerFailureTests
{
    [Fact]
    public async Task A_handler_failing_mid_way_rolls_back_answers_retry_and_its_redelivery_succeeds_once()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, FailsFirstHandler>());
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<FailsFirstHandler>();
        var evt = CloudEvents.Of(Products.Changed("p", 1));

        Assert.Equal("RETRY", await http.DeliverAsync(route, evt));
        // The handler had flushed its effect into the transaction; the rollback took it away, with the inbox record.
        Assert.Empty(await consumer.EffectsAsync());
        Assert.Empty(await consumer.InboxAsync());
        var failure = Assert.Single(await consumer.InboxFailuresAsync());
        Assert.Equal((evt.Id, 1), (failure.EventId, failure.Attempts));
        Assert.Contains("downstream hiccup", failure.LastError, StringComparison.Ordinal);

        Assert.Equal("SUCCESS", await http.DeliverAsync(route, evt));
        Assert.Equal("SUCCESS", await http.DeliverAsync(route, evt));

        var effect = Assert.Single(await consumer.EffectsAsync());
        Assert.Equal(evt.Id, effect.EventId);
        Assert.Empty(await consumer.InboxFailuresAsync());
        Assert.Equal(2, consumer.Get<HandlerCalls>().Of(evt.Id));
        Assert.Empty(await consumer.DeadLettersAsync());
    }

    [Fact]
    public async Task Over_the_transport_a_retry_answer_is_redelivered_after_backoff_and_order_per_aggregate_holds()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, FailsFirstHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var ids = await producer.CommitAsync(Products.Interleaved(["p1", "p2", "p3"], 12));

        var effects = await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Count >= ids.Count, "every event to be handled");
        var outbox = await Eventually.WaitForAsync(producer.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every row to be marked published");

        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
        Assertions.InOrderPerAggregate(effects);
        // Each event was answered RETRY once, so each row took exactly one failed attempt.
        Assert.All(outbox, r => Assert.Equal(1, r.Attempts));
        Assert.All(ids, id => Assert.Equal(2, consumer.Get<DeliveryLog>().Count(id)));
        Assert.Empty(await consumer.InboxFailuresAsync());
    }
}
