using System.Diagnostics;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests;

/// <summary>A commit wakes the dispatcher: delivery does not wait for the backstop poll.</summary>
public sealed class LatencyTests
{
    private static readonly Dictionary<string, string?> SlowPoll = new() { ["Messaging:PollInterval"] = "00:00:30" };

    [Fact]
    public async Task An_event_saved_without_a_transaction_is_delivered_without_waiting_for_the_poll()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer], SlowPoll);

        for (var version = 1; version <= 3; version++)
        {
            var watch = Stopwatch.StartNew();
            var id = await producer.WithDbAsync(async (db, services) =>
            {
                var eventId = services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("p", version), Products.AggregateKey("p"));
                await db.SaveChangesAsync();
                return eventId;
            });

            await AssertDeliveredSoonAsync(consumer, id, watch);
        }
    }

    [Fact]
    public async Task An_event_committed_after_more_work_in_its_transaction_is_delivered_without_waiting_for_the_poll()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer], SlowPoll);

        for (var version = 1; version <= 3; version++)
        {
            var watch = Stopwatch.StartNew();
            var id = await producer.WithDbAsync(async (db, services) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.Effects.Add(new Effect { Key = $"state:p#{version}", At = DateTime.UtcNow });
                var eventId = services.GetRequiredService<IOutbox>().Enqueue(Products.Changed("p", version), Products.AggregateKey("p"));
                await db.SaveChangesAsync();
                // More work before the commit (a call, a computation): the event is invisible to the dispatcher until then.
                await Task.Delay(200);
                await transaction.CommitAsync();
                return eventId;
            });

            await AssertDeliveredSoonAsync(consumer, id, watch);
        }
    }

    private static async Task AssertDeliveredSoonAsync(MessagingTestApp consumer, string id, Stopwatch watch)
    {
        await Eventually.WaitForAsync(consumer.EffectsAsync, e => e.Any(x => x.EventId == id), $"event {id} to be handled");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"event {id} took {watch.Elapsed.TotalMilliseconds:F0} ms with a 30 s poll");
    }
}
