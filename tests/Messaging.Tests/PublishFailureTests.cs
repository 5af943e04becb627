using Integration.Contracts.Events.V1;
using Integration.Messaging.DeadLetters;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests;

/// <summary>
/// The dispatcher against a peer that will not take an event: retries with exponential backoff, then
/// a dead letter. The test drives the dispatcher's rounds itself, so every attempt is observed.
/// </summary>
public sealed class PublishFailureTests
{
    // Long enough that "not due yet" holds on a busy machine between a failure and the next round.
    private static readonly TimeSpan BaseBackoff = TimeSpan.FromMilliseconds(500);

    private static readonly Dictionary<string, string?> ThreeAttempts = new()
    {
        ["Messaging:MaxPublishAttempts"] = "3",
        ["Messaging:BaseBackoff"] = "00:00:00.500",
        ["Messaging:MaxBackoff"] = "00:00:05",
    };

    [Theory]
    [InlineData(500, null, "answered 500")]
    [InlineData(200, "RETRY", "asked to RETRY")]
    public async Task A_refusing_peer_gets_retries_with_growing_backoff_then_the_row_is_parked(int statusCode, string? status, string error)
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        var log = consumer.Get<DeliveryLog>();
        log.Answer = (_, _) => new Answer(statusCode, status);
        await using var producer = await TestApps.StartProducerAsync([consumer], ThreeAttempts);
        var dispatcher = await producer.StopDispatcherAsync();
        var id = (await producer.CommitAsync([Products.Changed("p", 1)])).Single();

        for (var attempt = 1; attempt < 3; attempt++)
        {
            var before = DateTime.UtcNow;
            Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
            var row = Assert.Single(await producer.OutboxAsync());
            Assert.Equal(attempt, row.Attempts);
            Assert.Null(row.PublishedAt);
            Assert.Null(row.LeaseOwner);
            Assert.Contains(error, row.LastError, StringComparison.Ordinal);
            // Doubling per attempt, with at most 20 % jitter below.
            var minimum = BaseBackoff * Math.Pow(2, attempt - 1) * 0.8;
            Assert.True(row.NextAttemptAt - before >= minimum, $"attempt {attempt}: next try {row.NextAttemptAt - before} later, expected at least {minimum}");

            // Not due yet: a round now leaves it alone.
            Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
            Assert.Equal(attempt, log.Count(id));
            await UntilAsync(row.NextAttemptAt);
        }

        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        var parked = Assert.Single(await producer.OutboxAsync());
        Assert.NotNull(parked.DeadLetteredAt);
        Assert.Null(parked.PublishedAt);
        Assert.Equal(3, parked.Attempts);
        var dead = Assert.Single(await producer.DeadLettersAsync());
        Assert.Equal((DeadLetter.KindPublish, DeadLetter.StatusParked, id, Products.Type), (dead.Kind, dead.Status, dead.EventId, dead.EventType));
        Assert.Equal((parked.Id, 3), (dead.OutboxMessageId, dead.Attempts));
        Assert.Contains(error, dead.LastError, StringComparison.Ordinal);

        // Parked rows are out of the pending set: no fourth attempt, though its last schedule is long past.
        Assert.True(parked.NextAttemptAt < DateTime.UtcNow);
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Equal(3, log.Count(id));
        Assert.Empty(await consumer.EffectsAsync());
    }

    [Fact]
    public async Task An_event_nobody_subscribes_to_is_published_without_encoding_and_cannot_fail_its_batch()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var dispatcher = await producer.StopDispatcherAsync();
        var subscribed = await producer.WithDbAsync(async (db, services) =>
        {
            var outbox = services.GetRequiredService<IOutbox>();
            // A subject with a control character is no CloudEvent attribute: encoding this event throws. Nobody
            // subscribes to its type, so, as one by one, it is published to no one, and the batch it shares goes out.
            outbox.Enqueue(new StockAdjusted { MovementId = "m1", Kind = "receipt", Sku = "s1" }, "stock/\u0001s1");
            var id = outbox.Enqueue(Products.Changed("p", 1), Products.AggregateKey("p"));
            await db.SaveChangesAsync();
            return id;
        });

        Assert.Equal(2, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        var rows = await producer.OutboxAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((0, (string?)null, true), (r.Attempts, r.LastError, r.PublishedAt is not null)));
        Assertions.ExactlyOnce([subscribed], await consumer.EffectsAsync());
    }

    /// <summary>Dapr's app contract, as the embedded transport reads it.</summary>
    [Theory]
    [InlineData(200, "SUCCESS", true)]
    [InlineData(200, "success", true)]
    [InlineData(200, "DROP", true)]
    [InlineData(200, null, true)]
    [InlineData(404, null, true)]
    [InlineData(200, "RETRY", false)]
    [InlineData(500, null, false)]
    [InlineData(503, null, false)]
    [InlineData(400, null, false)]
    public async Task The_embedded_transport_reads_dapr_answers(int statusCode, string? status, bool delivered)
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        consumer.Get<DeliveryLog>().Answer = (_, _) => new Answer(statusCode, status);
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var dispatcher = await producer.StopDispatcherAsync();
        await producer.CommitAsync([Products.Changed("p", 1)]);

        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        var row = Assert.Single(await producer.OutboxAsync());
        Assert.Equal(delivered, row.PublishedAt is not null);
        Assert.Equal(delivered ? 0 : 1, row.Attempts);
    }

    [Fact]
    public async Task An_event_waiting_for_a_retry_holds_back_later_events_of_its_aggregate_only()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, EffectHandler>());
        var log = consumer.Get<DeliveryLog>();
        await using var producer = await TestApps.StartProducerAsync([consumer], ThreeAttempts);
        var dispatcher = await producer.StopDispatcherAsync();
        var ids = await producer.CommitAsync([Products.Changed("x", 1), Products.Changed("y", 1), Products.Changed("x", 2), Products.Changed("y", 2)]);
        var (x1, y1, x2, y2) = (ids[0], ids[1], ids[2], ids[3]);
        var failing = true;
        log.Answer = (id, _) => failing && id == x1 ? new Answer(500) : null;

        Assert.Equal(4, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        // x/1 failed, so x/2 was not even tried; y went on.
        Assert.Equal(new[] { x1, y1, y2 }.Order(StringComparer.Ordinal), log.Arrivals.Order(StringComparer.Ordinal));
        Assert.Equal(0, log.Count(x2));
        var rows = (await producer.OutboxAsync()).ToDictionary(r => r.EventId);
        Assert.Equal((1, false), (rows[x1].Attempts, rows[x1].PublishedAt is not null));
        Assert.Equal((0, false, (string?)null), (rows[x2].Attempts, rows[x2].PublishedAt is not null, rows[x2].LeaseOwner));
        Assert.True(rows[y1].PublishedAt is not null && rows[y2].PublishedAt is not null);

        // Before x/1 is due again, x/2 stays behind it.
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        failing = false;
        await UntilAsync(rows[x1].NextAttemptAt);
        Assert.Equal(2, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        Assertions.InOrderPerAggregate(await consumer.EffectsAsync());
        Assertions.ExactlyOnce(ids, await consumer.EffectsAsync());
        Assert.Equal(x2, log.Arrivals[^1]);
    }

    private static Task UntilAsync(DateTime utc)
    {
        var wait = utc - DateTime.UtcNow + TimeSpan.FromMilliseconds(20);
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }
}
