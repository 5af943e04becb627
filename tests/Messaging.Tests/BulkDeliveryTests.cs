using System.Text.Json;
using CsCheck;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests;

/// <summary>Dapr's bulk subscribe: many events per request, one transaction, the same once-only, order and failure rules.</summary>
public sealed class BulkDeliveryTests
{
    private static readonly Dictionary<string, string?> ThreeAttempts = new() { ["Messaging:MaxHandleAttempts"] = "3" };

    [Fact]
    public async Task Bulk_deliveries_from_the_outbox_handle_each_event_once_in_order_per_aggregate()
    {
        // Bulks of 7 against a dispatcher batch of 200: an aggregate's events span several bulks.
        await using var consumer = await TestApps.StartConsumerAsync(app =>
            app.MapEventHandler<ProductChanged, EffectHandler>(new EventHandlerOptions { Bulk = true, BulkMaxMessages = 7 }));
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var events = Products.Interleaved(["p1", "p2", "p3", "p4"], 80);

        var ids = new List<string>();
        for (int i = 0, size = 1; i < events.Count; i += size, size = (size % 5) + 1)
        {
            ids.AddRange(await producer.CommitAsync(events.Skip(i).Take(size)));
        }

        var effects = await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Count >= ids.Count, "every event to be handled");
        var outbox = await Eventually.WaitForAsync(producer.OutboxAsync, rows => rows.All(r => r.PublishedAt is not null), "every outbox row to be marked published");

        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
        Assertions.InOrderPerAggregate(effects);
        Assert.All(outbox, r => Assert.Equal(0, r.Attempts));
        Assert.Equal(ids.Count, (await consumer.InboxAsync()).Count);
        // Not one single-event delivery: the embedded transport read bulkSubscribe and sent bulks only.
        Assert.Empty(consumer.Get<DeliveryLog>().Counts);
    }

    [Fact]
    public async Task With_handler_failures_inside_bulks_every_event_is_handled_once_and_in_commit_order_per_aggregate()
    {
        // Bulks of 3: a failed entry's later siblings sit in the same bulk or in later ones, and must wait for it either way.
        await using var consumer = await TestApps.StartConsumerAsync(app =>
            app.MapEventHandler<ProductChanged, ScriptedHandler>(new EventHandlerOptions { Bulk = true, BulkMaxMessages = 3 }));
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var script = consumer.Get<FailureScript>();
        var steps = Gen.Select(Gen.Int[0, 3], Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 2])), (aggregate, failures) => (Aggregate: aggregate, Failures: failures));

        await Gen.Select(steps.List[1, 20], Gen.Int[1, 4]).SampleAsync(async scenario =>
        {
            var (plan, transactionSize) = scenario;
            var run = Guid.NewGuid().ToString("N")[..8];
            var versions = new long[4];
            var events = plan.Select(s => (s.Failures, Event: Products.Changed($"{run}-{s.Aggregate}", ++versions[s.Aggregate]))).ToList();

            var ids = new List<string>();
            foreach (var chunk in events.Chunk(transactionSize))
            {
                ids.AddRange(await producer.WithDbAsync(async (db, services) =>
                {
                    var outbox = services.GetRequiredService<IOutbox>();
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    var chunkIds = chunk.Select(e =>
                    {
                        var id = outbox.Enqueue(e.Event, Products.AggregateKey(e.Event.ProductId));
                        script.Plan(id, FailureKind.HandlerThrows, e.Failures);
                        return id;
                    }).ToList();
                    await db.SaveChangesAsync();
                    await transaction.CommitAsync();
                    return chunkIds;
                }));
            }

            var prefix = $"product/{run}-";
            await Eventually.WaitForAsync(
                async () => (await consumer.EffectsAsync()).Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList(),
                e => e.Count >= ids.Count, $"{ids.Count} events");
            await Eventually.WaitForAsync(
                async () => (await producer.OutboxAsync()).Where(r => ids.Contains(r.EventId)).ToList(),
                rows => rows.All(r => r.PublishedAt is not null), "the rows to be published");

            var final = (await consumer.EffectsAsync()).Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assertions.ExactlyOnce(ids, final);
            Assertions.InOrderPerAggregate(final);
        }, iter: 10, threads: 1);
        Assert.Empty(consumer.Get<DeliveryLog>().Counts);
    }

    [Fact]
    public async Task A_poison_entry_is_retried_then_parked_while_the_rest_of_its_bulk_is_handled_once()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app =>
            app.MapEventHandler<ProductChanged, OnePoisonHandler>(new EventHandlerOptions { Bulk = true }), ThreeAttempts);
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<OnePoisonHandler>();
        var a1 = CloudEvents.Of(Products.Changed("a", 1));
        var poison1 = CloudEvents.Of(Products.Changed("poison", 1));
        var b1 = CloudEvents.Of(Products.Changed("b", 1));
        var poison2 = CloudEvents.Of(Products.Changed("poison", 2));
        var a2 = CloudEvents.Of(Products.Changed("a", 2));

        var first = await http.DeliverBulkAsync(route, [a1, poison1, b1, poison2, a2]);

        Assert.Equal(["SUCCESS", "RETRY", "SUCCESS", "RETRY", "SUCCESS"], new[] { a1, poison1, b1, poison2, a2 }.Select(e => first[e.Id]));
        // poison#2 waits behind poison#1, unhandled: it may not overtake its aggregate's failed event.
        Assert.Equal(0, consumer.Get<HandlerCalls>().Of(poison2.Id));

        // daprd redelivers the entries it was asked to retry.
        var second = await http.DeliverBulkAsync(route, [poison1, poison2]);
        Assert.Equal(("RETRY", "RETRY"), (second[poison1.Id], second[poison2.Id]));
        Assert.Empty(await consumer.DeadLettersAsync());
        var third = await http.DeliverBulkAsync(route, [poison1, poison2]);
        Assert.Equal(("SUCCESS", "SUCCESS"), (third[poison1.Id], third[poison2.Id]));

        var dead = Assert.Single(await consumer.DeadLettersAsync());
        Assert.Equal((poison1.Id, 3), (dead.EventId, dead.Attempts));
        Assert.Contains("poison: version 1 cannot be handled", dead.LastError, StringComparison.Ordinal);
        Assert.Empty(await consumer.InboxFailuresAsync());
        var effects = await consumer.EffectsAsync();
        Assertions.ExactlyOnce([a1.Id, b1.Id, a2.Id, poison2.Id], effects);
        Assertions.InOrderPerAggregate(effects.Where(e => !e.Key.StartsWith("product/poison", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_redelivered_bulk_and_copies_inside_one_bulk_are_ignored_as_duplicates()
    {
        using var metrics = new MessagingMetrics();
        await using var consumer = await TestApps.StartConsumerAsync(app =>
            app.MapEventHandler<ProductChanged, EffectHandler>(new EventHandlerOptions { Bulk = true }));
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<EffectHandler>();
        var a = CloudEvents.Of(Products.Changed("a", 1));
        var b = CloudEvents.Of(Products.Changed("b", 1));
        var c = CloudEvents.Of(Products.Changed("a", 2));
        var d = CloudEvents.Of(Products.Changed("d", 1));

        var statuses = new List<string>();
        statuses.AddRange((await http.DeliverBulkAsync(route, [a, b, c])).Values);
        statuses.AddRange((await http.DeliverBulkAsync(route, [a, b, c])).Values);
        statuses.AddRange((await http.DeliverBulkAsync(route, [d, a, d])).Values);
        // A single delivery of an event that came in a bulk is a duplicate too.
        statuses.Add(await http.DeliverAsync(route, b));

        Assert.All(statuses, s => Assert.Equal("SUCCESS", s));
        var effects = await consumer.EffectsAsync();
        Assert.Equal([a.Id, b.Id, c.Id, d.Id], effects.Select(e => e.EventId));
        Assert.Equal(["product/a#1", "product/b#1", "product/a#2", "product/d#1"], effects.Select(e => e.Key));
        Assert.Equal(4, (await consumer.InboxAsync()).Count);
        var name = $"{consumer.Name}.{nameof(EffectHandler)}";
        // a, b, c again; a again and d's copy; b singly.
        Assert.Equal(6, metrics.Total("integration.messaging.duplicates_ignored", name));
        Assert.Equal(4, metrics.Total("integration.messaging.handled", name));
    }

    [Fact]
    public async Task A_bulk_handler_is_listed_in_dapr_subscribe_with_bulkSubscribe_as_daprd_reads_it()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app =>
        {
            app.MapEventHandler<ProductChanged, EffectHandler>(new EventHandlerOptions { Bulk = true, BulkMaxMessages = 50, BulkMaxAwaitMilliseconds = 200 });
            app.MapEventHandler<StockAdjusted, StockIgnorer>();
        });
        using var http = consumer.CreateClient();

        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/dapr/subscribe", UriKind.Relative)));

        // daprd (pkg/runtime/pubsub/subscriptions.go) decodes "bulkSubscribe" into {enabled, maxMessagesCount, maxAwaitDurationMs}.
        var entries = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("topic").GetString()!, StringComparer.Ordinal);
        var bulk = entries[Products.Type].GetProperty("bulkSubscribe");
        Assert.True(bulk.GetProperty("enabled").GetBoolean());
        Assert.Equal(50, bulk.GetProperty("maxMessagesCount").GetInt32());
        Assert.Equal(200, bulk.GetProperty("maxAwaitDurationMs").GetInt32());
        Assert.Equal($"/events/{Products.Type}/{nameof(EffectHandler)}", "/" + entries[Products.Type].GetProperty("route").GetString()!.TrimStart('/'));
        var plain = entries[Integration.Messaging.Events.EventTypes.Of<StockAdjusted>()];
        Assert.False(plain.TryGetProperty("bulkSubscribe", out var none) && none.ValueKind == JsonValueKind.Object && none.GetProperty("enabled").GetBoolean());
    }

    private sealed class StockIgnorer : IEventHandler<StockAdjusted>
    {
        public Task HandleAsync(StockAdjusted evt, EventContext context, CancellationToken ct) => Task.CompletedTask;
    }
}
