using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;

namespace Integration.Messaging.Tests;

/// <summary>
/// A handler that takes a whole bulk (<see cref="IBulkEventHandler{TEvent}"/>): one call and one transaction for the
/// bulk's new events, their inbox records and staged outbox rows batched; a failure rolls it all back and the events
/// go one by one through the handler's single-event method, with the usual retry and order rules.
/// </summary>
public sealed class BulkHandlerTests
{
    [Fact]
    public async Task A_bulk_handler_gets_the_new_events_in_one_call_and_their_effects_commit_once()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app =>
            app.MapEventHandler<ProductChanged, WholeBulkHandler>(new EventHandlerOptions { Bulk = true }));
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<WholeBulkHandler>();
        var c1 = CloudEvents.Of(Products.Changed("c", 1));
        var d1 = CloudEvents.Of(Products.Changed("d", 1));
        var c2 = CloudEvents.Of(Products.Changed("c", 2));

        var first = await http.DeliverBulkAsync(route, [c1, d1, c2, d1]);
        // A redelivery of the whole bulk plus one new event: only the new one reaches the handler.
        var e1 = CloudEvents.Of(Products.Changed("e", 1));
        var second = await http.DeliverBulkAsync(route, [c1, d1, e1, c2]);

        Assert.All(first.Values.Concat(second.Values), s => Assert.Equal("SUCCESS", s));
        var calls = consumer.Get<HandlerCalls>();
        Assert.Equal(2, calls.Of(WholeBulkHandler.BulkCall));
        Assert.Equal(0, calls.Of(WholeBulkHandler.SingleCall));
        var effects = await consumer.EffectsAsync();
        Assertions.ExactlyOnce([c1.Id, d1.Id, c2.Id, e1.Id], effects);
        Assertions.InOrderPerAggregate(effects);
        Assert.Equal(4, (await consumer.InboxAsync()).Count);
        // The outbox rows the handler staged were written as a batch in its order, and are there once.
        Assert.Equal(["echo-c-1", "echo-d-1", "echo-c-2", "echo-e-1"], (await consumer.OutboxAsync())
            .Select(m => ProductChanged.Parser.ParseJson(m.Data)).Select(p => $"{p.ProductId}-{p.Version}"));
    }

    [Fact]
    public async Task When_the_bulk_call_fails_the_events_go_one_by_one_and_only_the_failing_one_is_retried()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app =>
            app.MapEventHandler<ProductChanged, WholeBulkHandler>(new EventHandlerOptions { Bulk = true }));
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<WholeBulkHandler>();
        var a1 = CloudEvents.Of(Products.Changed("a", 1));
        var poison1 = CloudEvents.Of(Products.Changed("poison", 1));
        var b1 = CloudEvents.Of(Products.Changed("b", 1));

        var answer = await http.DeliverBulkAsync(route, [a1, poison1, b1]);

        Assert.Equal(["SUCCESS", "RETRY", "SUCCESS"], new[] { a1, poison1, b1 }.Select(e => answer[e.Id]));
        var calls = consumer.Get<HandlerCalls>();
        Assert.Equal((1, 3), (calls.Of(WholeBulkHandler.BulkCall), calls.Of(WholeBulkHandler.SingleCall)));
        // The failed bulk's effects and outbox rows were rolled back; the one-by-one ones are there once.
        Assertions.ExactlyOnce([a1.Id, b1.Id], await consumer.EffectsAsync());
        Assert.Equal(["echo-a-1", "echo-b-1"], (await consumer.OutboxAsync())
            .Select(m => ProductChanged.Parser.ParseJson(m.Data)).Select(p => $"{p.ProductId}-{p.Version}"));
        Assert.Equal(2, (await consumer.InboxAsync()).Count);
    }
}

/// <summary>Effects and an echo event per product change; fails on product "poison" (after writing, so only a rollback undoes it).</summary>
internal sealed class WholeBulkHandler(EffectsDbContext db, IOutbox outbox, HandlerCalls calls) : IBulkEventHandler<ProductChanged>
{
    public const string BulkCall = "bulk-call";
    public const string SingleCall = "single-call";

    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        calls.Next(SingleCall);
        Apply(evt, context);
        await db.SaveChangesAsync(ct);
        ThrowOnPoison(evt);
    }

    public async Task HandleBulkAsync(IReadOnlyList<BulkEvent<ProductChanged>> events, CancellationToken ct)
    {
        calls.Next(BulkCall);
        foreach (var (evt, context) in events)
        {
            Apply(evt, context);
        }

        await db.SaveChangesAsync(ct);
        foreach (var e in events)
        {
            ThrowOnPoison(e.Event);
        }
    }

    private void Apply(ProductChanged evt, EventContext context)
    {
        db.Effects.Add(new Effect { Key = Products.EffectKey(context.Subject ?? "?", evt.Version), EventId = context.EventId, At = DateTime.UtcNow });
        outbox.Enqueue(new ProductChanged { ProductId = $"echo-{evt.ProductId}", Version = evt.Version }, $"echo/{evt.ProductId}");
    }

    private static void ThrowOnPoison(ProductChanged evt)
    {
        if (evt.ProductId == "poison")
        {
            throw new InvalidOperationException("poison cannot be handled");
        }
    }
}
