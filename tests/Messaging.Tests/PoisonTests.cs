using Integration.Contracts.Events.V1;
using Integration.Messaging.DeadLetters;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Messaging.Tests.Support;

namespace Integration.Messaging.Tests;

/// <summary>Messages that cannot be handled are parked as dead letters with their evidence, and stop coming back.</summary>
public sealed class PoisonTests
{
    private static readonly Dictionary<string, string?> ThreeAttempts = new() { ["Messaging:MaxHandleAttempts"] = "3" };

    [Fact]
    public async Task A_handler_that_always_fails_is_parked_after_the_attempt_limit_and_acknowledged_from_then_on()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, PoisonHandler>(), ThreeAttempts);
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<PoisonHandler>();
        var evt = CloudEvents.Of(Products.Changed("p", 1));

        Assert.Equal("RETRY", await http.DeliverAsync(route, evt));
        Assert.Equal("RETRY", await http.DeliverAsync(route, evt));
        Assert.Empty(await consumer.DeadLettersAsync());
        Assert.Equal("SUCCESS", await http.DeliverAsync(route, evt));

        var dead = Assert.Single(await consumer.DeadLettersAsync());
        Assert.Equal(DeadLetter.KindHandle, dead.Kind);
        Assert.Equal(DeadLetter.StatusParked, dead.Status);
        Assert.Equal($"{consumer.Name}.{nameof(PoisonHandler)}", dead.Consumer);
        Assert.Equal((evt.Id, Products.Type), (dead.EventId, dead.EventType));
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("poison: product p cannot be handled", dead.LastError, StringComparison.Ordinal);
        // The parked message is whole: it can be replayed as it came.
        var parked = CloudEventCodec.Decode(System.Text.Encoding.UTF8.GetBytes(dead.CloudEventJson));
        Assert.Equal((evt.Id, evt.Type, evt.Subject), (parked.Id, parked.Type, parked.Subject));
        Assert.Equal(Products.Changed("p", 1), EventJson.Parse(parked.DataJson, ProductChanged.Descriptor));
        Assert.Empty(await consumer.InboxFailuresAsync());

        // Redeliveries of a parked event are acknowledged without running the handler or parking it again.
        Assert.Equal("SUCCESS", await http.DeliverAsync(route, evt));
        Assert.Equal("SUCCESS", await http.DeliverAsync(route, evt));
        Assert.Equal(3, consumer.Get<HandlerCalls>().Of(evt.Id));
        Assert.Single(await consumer.DeadLettersAsync());
        // Every failed attempt rolled back what the handler wrote.
        Assert.Empty(await consumer.EffectsAsync());
    }

    [Fact]
    public async Task Concurrent_deliveries_of_a_poison_event_count_every_attempt_and_park_it_once()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, PoisonHandler>(), ThreeAttempts);
        using var http = consumer.CreateClient();
        var evt = CloudEvents.Of(Products.Changed("p", 1));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => http.DeliverAsync(CloudEvents.Route<PoisonHandler>(), evt))));

        // The first two failures ask for a retry; from the third on the event is parked, and acknowledged.
        Assert.Equal(2, statuses.Count(s => s == "RETRY"));
        Assert.Equal(6, statuses.Count(s => s == "SUCCESS"));
        var dead = Assert.Single(await consumer.DeadLettersAsync());
        Assert.Equal(3, dead.Attempts);
        Assert.Empty(await consumer.InboxFailuresAsync());
        Assert.Empty(await consumer.EffectsAsync());
    }

    [Fact]
    public async Task A_permanent_failure_is_parked_on_the_first_attempt()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, PermanentFailureHandler>(), ThreeAttempts);
        using var http = consumer.CreateClient();
        var evt = CloudEvents.Of(Products.Changed("ghost", 1));

        Assert.Equal("SUCCESS", await http.DeliverAsync(CloudEvents.Route<PermanentFailureHandler>(), evt));
        Assert.Equal("SUCCESS", await http.DeliverAsync(CloudEvents.Route<PermanentFailureHandler>(), evt));

        var dead = Assert.Single(await consumer.DeadLettersAsync());
        Assert.Equal((DeadLetter.KindHandle, DeadLetter.StatusParked, 1), (dead.Kind, dead.Status, dead.Attempts));
        Assert.Contains("product ghost is unknown here", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(1, consumer.Get<HandlerCalls>().Of(evt.Id));
        Assert.Empty(await consumer.InboxFailuresAsync());
    }

    [Fact]
    public async Task Unreadable_event_data_is_parked_without_running_the_handler()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>(), ThreeAttempts);
        using var http = consumer.CreateClient();
        var evt = CloudEvents.Raw("""{"product_id":"p","version":"not a number"}""", Products.AggregateKey("p"));

        Assert.Equal("SUCCESS", await http.DeliverAsync(CloudEvents.Route<EffectHandler>(), evt));
        Assert.Equal("SUCCESS", await http.DeliverAsync(CloudEvents.Route<EffectHandler>(), evt));

        var dead = Assert.Single(await consumer.DeadLettersAsync());
        Assert.Equal((DeadLetter.KindHandle, DeadLetter.StatusParked, evt.Id), (dead.Kind, dead.Status, dead.EventId));
        Assert.Contains("unreadable", dead.LastError, StringComparison.Ordinal);
        Assert.Empty(await consumer.EffectsAsync());
        Assert.Empty(await consumer.InboxAsync());
    }

    [Fact]
    public async Task Over_the_transport_a_poison_event_is_retried_with_backoff_then_parked_and_its_siblings_go_on()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, PoisonHandler>(), ThreeAttempts);
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var ids = await producer.CommitAsync([Products.Changed("p", 1), Products.Changed("p", 2)]);

        var outbox = await Eventually.WaitForAsync(producer.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "the consumer to acknowledge both");
        var dead = await consumer.DeadLettersAsync();

        Assert.Equal(ids.Order(StringComparer.Ordinal), dead.Select(d => d.EventId).Order(StringComparer.Ordinal));
        Assert.All(dead, d => Assert.Equal(3, d.Attempts));
        // Two RETRY answers per event, then the acknowledgement after parking.
        Assert.All(outbox, r => Assert.Equal(2, r.Attempts));
        Assert.All(ids, id => Assert.Equal(3, consumer.Get<DeliveryLog>().Count(id)));
        // Backoff: the redeliveries were spread out, not fired back to back.
        Assert.All(outbox, r => Assert.True(r.PublishedAt - r.CreatedAt >= TimeSpan.FromMilliseconds(100), $"published {r.PublishedAt - r.CreatedAt} after commit"));
    }
}
