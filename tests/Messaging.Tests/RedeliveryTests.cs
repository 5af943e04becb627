using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Tests.Support;

namespace Integration.Messaging.Tests;

/// <summary>The inbox: however often an event arrives, its handler's effect happens once.</summary>
public sealed class RedeliveryTests
{
    [Fact]
    public async Task An_event_delivered_three_times_among_others_has_exactly_one_effect()
    {
        using var metrics = new MessagingMetrics();
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<EffectHandler>();
        var a = CloudEvents.Of(Products.Changed("a", 1));
        var b = CloudEvents.Of(Products.Changed("b", 1));
        var c = CloudEvents.Of(Products.Changed("a", 2));

        // a three times, b twice, c once, interleaved.
        var statuses = new List<string>();
        foreach (var evt in new[] { a, b, a, c, b, a })
        {
            statuses.Add(await http.DeliverAsync(route, evt));
        }

        Assert.All(statuses, s => Assert.Equal("SUCCESS", s));
        var effects = await consumer.EffectsAsync();
        Assert.Equal([a.Id, b.Id, c.Id], effects.Select(e => e.EventId));
        Assert.Equal(["product/a#1", "product/b#1", "product/a#2"], effects.Select(e => e.Key));
        Assert.Equal(3, (await consumer.InboxAsync()).Count);
        // The redeliveries are visible as such, not silently swallowed.
        Assert.Equal(3, metrics.Total("integration.messaging.duplicates_ignored", $"{consumer.Name}.{nameof(EffectHandler)}"));
        Assert.Equal(3, metrics.Total("integration.messaging.handled", $"{consumer.Name}.{nameof(EffectHandler)}"));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_event_have_exactly_one_effect()
    {
        using var metrics = new MessagingMetrics();
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        using var http = consumer.CreateClient();
        var evt = CloudEvents.Of(Products.Changed("p", 1));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => http.DeliverAsync(CloudEvents.Route<EffectHandler>(), evt))));

        Assert.All(statuses, s => Assert.Equal("SUCCESS", s));
        Assert.Equal(10, consumer.Get<DeliveryLog>().Count(evt.Id));
        var effect = Assert.Single(await consumer.EffectsAsync());
        Assert.Equal(evt.Id, effect.EventId);
        Assert.Equal(9, metrics.Total("integration.messaging.duplicates_ignored", $"{consumer.Name}.{nameof(EffectHandler)}"));
    }

    [Fact]
    public async Task A_second_handler_for_one_event_type_is_refused_at_start_up()
    {
        // Dapr delivers one topic to one route per app: a second handler would never run, so it may not be mapped.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApps.StartConsumerAsync(app =>
        {
            app.MapEventHandler<ProductChanged, EffectHandler>();
            app.MapEventHandler<ProductChanged, FailsFirstHandler>();
        }));

        Assert.Contains(nameof(EffectHandler), error.Message, StringComparison.Ordinal);
    }
}
