using Grpc.Core;
using Integration.Contracts.Admin.V1;
using Integration.Contracts.Events.V1;
using Integration.Messaging.DeadLetters.Tests.Support;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.DeadLetters.Tests;

/// <summary>Handle dead letters: a consumer's handler kept failing; the operator fixes the cause and replays.</summary>
public sealed class ReplayHandleTests
{
    [Fact]
    public async Task Poison_event_is_retried_parked_and_after_the_fix_replayed_with_exactly_one_effect()
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("no GL mapping for category 'tools'");
        await using var consumer = await Consumers.StartAsync(handlerSwitch, maxHandleAttempts: 3);
        await using var producer = await MessagingTestApp.StartAsync(
            "producer",
            settings: new Dictionary<string, string?> { ["Messaging:BaseBackoff"] = "00:00:00.020", ["Messaging:MaxBackoff"] = "00:00:00.100" },
            peers: [consumer]);
        using var admin = new AdminClient(consumer);

        var eventId = await producer.WithDbAsync(async (db, services) =>
        {
            var id = services.GetRequiredService<IOutbox>().Enqueue(new ProductChanged { ProductId = "p-1", Version = 1 }, "product/p-1");
            await db.SaveChangesAsync();
            return id;
        });

        // The producer's retries with backoff reach the consumer until it gives up and parks the event.
        var parked = await Eventually.ReturnsAsync(() => admin.ListAllAsync(DeadLetterStatus.Parked), l => l.Count > 0, "the poison event to be parked");
        var dead = Assert.Single(parked);
        Assert.Equal(eventId, dead.EventId);
        Assert.Equal(DeadLetterKind.Handle, dead.Kind);
        Assert.Equal(Consumers.Consumer, dead.Consumer);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("no GL mapping for category 'tools'", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("p-1", dead.CloudEventJson, StringComparison.Ordinal);
        Assert.Empty(dead.Actions);
        Assert.Equal(0, await Consumers.EffectsAsync(consumer, eventId));
        // Parking acknowledges the event, so the producer stops sending it.
        await Eventually.ReturnsAsync(
            () => producer.WithDbAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.EventId == eventId)),
            row => row.PublishedAt is not null, "the producer to see the event acknowledged");

        handlerSwitch.Fix();
        var replayed = await admin.ReplayOneAsync(dead.DeadLetterId, "mapping for category 'tools' added");

        Assert.Equal(DeadLetterStatus.Replayed, replayed.Status);
        var action = Assert.Single(replayed.Actions);
        Assert.Equal("replay", action.Action);
        Assert.Equal(AdminClient.Actor, action.Actor);
        Assert.Equal("mapping for category 'tools' added", action.Reason);
        Assert.NotNull(action.At);
        Assert.Equal(1, await Consumers.EffectsAsync(consumer, eventId));

        var again = await AdminClient.FailsWith(StatusCode.FailedPrecondition, () => admin.ReplayOneAsync(dead.DeadLetterId, "once more"));
        Assert.Contains("replayed", again.Status.Detail, StringComparison.Ordinal);
        // A late redelivery by the transport is a duplicate now.
        Assert.Equal("SUCCESS", await Consumers.DeliverAsync(consumer, eventId, "p-1"));
        Assert.Equal(1, await Consumers.EffectsAsync(consumer, eventId));
        var stored = Assert.Single(await Consumers.StoredDeadLettersAsync(consumer, eventId));
        Assert.Equal(DeadLetter.StatusReplayed, stored.Status);
    }

    [Theory]
    [InlineData(false)] // An ordinary failure: must not be counted towards another parking.
    [InlineData(true)] // A permanent failure: must not park a second copy.
    public async Task A_replay_that_fails_again_keeps_one_parked_dead_letter_with_the_new_error(bool permanent)
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("first cause");
        await using var consumer = await Consumers.StartAsync(handlerSwitch, maxHandleAttempts: 2);
        using var admin = new AdminClient(consumer);
        var eventId = Guid.NewGuid().ToString("N");
        await Consumers.PoisonAsync(consumer, eventId, "p-2");
        var dead = Assert.Single(await admin.ListAllAsync());
        Assert.Equal(2, dead.Attempts);

        handlerSwitch.Break("second cause", permanent);
        var failed = await admin.ReplayOneAsync(dead.DeadLetterId, "first cause fixed");

        Assert.Equal(dead.DeadLetterId, failed.DeadLetterId);
        Assert.Equal(DeadLetterStatus.Parked, failed.Status);
        Assert.Contains("second cause", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(3, failed.Attempts);
        var action = Assert.Single(failed.Actions);
        Assert.Equal("replay-failed", action.Action);
        Assert.Equal(AdminClient.Actor, action.Actor);
        Assert.Equal("first cause fixed", action.Reason);
        Assert.Equal(dead.DeadLetterId, Assert.Single(await admin.ListAllAsync()).DeadLetterId);
        Assert.Single(await Consumers.StoredDeadLettersAsync(consumer, eventId));
        Assert.Equal(0, await Consumers.InboxFailuresAsync(consumer, eventId));
        Assert.Equal(0, await Consumers.EffectsAsync(consumer, eventId));

        handlerSwitch.Fix();
        var replayed = await admin.ReplayOneAsync(dead.DeadLetterId, "second cause fixed");

        Assert.Equal(DeadLetterStatus.Replayed, replayed.Status);
        Assert.Equal(["replay-failed", "replay"], replayed.Actions.Select(a => a.Action));
        Assert.Equal(1, await Consumers.EffectsAsync(consumer, eventId));
    }

    [Fact]
    public async Task Replay_checks_the_request_and_the_whole_batch_before_changing_anything()
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("bad data", permanent: true);
        await using var consumer = await Consumers.StartAsync(handlerSwitch);
        using var admin = new AdminClient(consumer);
        var eventId = Guid.NewGuid().ToString("N");
        await Consumers.PoisonAsync(consumer, eventId, "p-3");
        var id = Assert.Single(await admin.ListAllAsync()).DeadLetterId;
        handlerSwitch.Fix();

        Task Replay(IEnumerable<string> ids, string actor = AdminClient.Actor, string reason = "fixed") =>
            admin.Service.ReplayDeadLettersAsync(new ReplayDeadLettersRequest { DeadLetterIds = { ids }, Actor = actor, Reason = reason }).ResponseAsync;

        await AssertField("dead_letter_ids", () => Replay([]));
        await AssertField("dead_letter_ids", () => Replay(Enumerable.Range(0, 501).Select(i => $"id{i}")));
        await AssertField("dead_letter_ids[1]", () => Replay([id, id]));
        await AssertField("actor", () => Replay([id], actor: " "));
        await AssertField("reason", () => Replay([id], reason: ""));
        var missing = await AdminClient.FailsWith(StatusCode.NotFound, () => Replay([id, "nosuchdeadletter"]));
        Assert.Contains("nosuchdeadletter", missing.Status.Detail, StringComparison.Ordinal);

        var untouched = Assert.Single(await Consumers.StoredDeadLettersAsync(consumer, eventId));
        Assert.Equal(DeadLetter.StatusParked, untouched.Status);
        Assert.Equal(0, await Consumers.EffectsAsync(consumer, eventId));

        // The same database served by a build that no longer maps the handler: nothing to replay into.
        await using var withoutHandler = await MessagingTestApp.StartAsync(Consumers.Name, connectionString: consumer.ConnectionString);
        using var otherAdmin = new AdminClient(withoutHandler);
        var gone = await AdminClient.FailsWith(StatusCode.FailedPrecondition, () => otherAdmin.ReplayOneAsync(id, "fixed"));
        Assert.Contains(Consumers.Consumer, gone.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(DeadLetter.StatusParked, Assert.Single(await Consumers.StoredDeadLettersAsync(consumer, eventId)).Status);
    }

    [Fact]
    public async Task A_batch_with_one_closed_dead_letter_is_refused_whole()
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("bad data", permanent: true);
        await using var consumer = await Consumers.StartAsync(handlerSwitch);
        using var admin = new AdminClient(consumer);
        var (first, second) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await Consumers.PoisonAsync(consumer, first, "p-6");
        await Consumers.PoisonAsync(consumer, second, "p-7");
        var ids = (await admin.ListAllAsync()).ToDictionary(d => d.EventId, d => d.DeadLetterId);
        handlerSwitch.Fix();
        await admin.ReplayOneAsync(ids[first], "fixed");

        var refused = await AdminClient.FailsWith(StatusCode.FailedPrecondition, () => admin.Service.ReplayDeadLettersAsync(
            new ReplayDeadLettersRequest { DeadLetterIds = { ids[second], ids[first] }, Actor = AdminClient.Actor, Reason = "all of them" }).ResponseAsync);

        Assert.Contains(ids[first], refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(DeadLetter.StatusParked, Assert.Single(await Consumers.StoredDeadLettersAsync(consumer, second)).Status);
        Assert.Equal(0, await Consumers.EffectsAsync(consumer, second));
        Assert.Equal(1, await Consumers.EffectsAsync(consumer, first));
    }

    [Fact]
    public async Task Replaying_an_event_the_consumer_already_processed_closes_it_without_a_second_effect()
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("bad data", permanent: true);
        await using var consumer = await Consumers.StartAsync(handlerSwitch);
        using var admin = new AdminClient(consumer);
        var eventId = Guid.NewGuid().ToString("N");
        await Consumers.PoisonAsync(consumer, eventId, "p-8");
        var id = Assert.Single(await admin.ListAllAsync()).DeadLetterId;
        // As after a concurrent delivery that committed while this one was being parked.
        await consumer.WithDbAsync(async (db, _) =>
        {
            db.Set<InboxRecord>().Add(new InboxRecord { Consumer = Consumers.Consumer, EventId = eventId, Type = EventTypes.Of<ProductChanged>(), ProcessedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        handlerSwitch.Fix();

        var replayed = await admin.ReplayOneAsync(id, "handled already, closing");

        Assert.Equal(DeadLetterStatus.Replayed, replayed.Status);
        Assert.Equal("replay", Assert.Single(replayed.Actions).Action);
        Assert.Equal(0, await Consumers.EffectsAsync(consumer, eventId));
    }

    [Fact]
    public async Task A_replay_reads_the_event_data_with_the_handlers_own_parser()
    {
        var handlerSwitch = new HandlerSwitch();
        handlerSwitch.Break("bad data", permanent: true);
        // The handler's reader renames the product, so the effect's key says which reader made the message.
        var options = new EventHandlerOptions
        {
            Parse = static (utf8, descriptor) =>
            {
                var message = (ProductChanged)EventJson.Parse(System.Text.Encoding.UTF8.GetString(utf8), descriptor);
                message.ProductId = "parsed-" + message.ProductId;
                return message;
            },
        };
        await using var consumer = await Consumers.StartAsync(handlerSwitch, handlerOptions: options);
        using var admin = new AdminClient(consumer);
        var eventId = Guid.NewGuid().ToString("N");
        await Consumers.PoisonAsync(consumer, eventId, "p-9");
        var id = Assert.Single(await admin.ListAllAsync()).DeadLetterId;
        handlerSwitch.Fix();

        await admin.ReplayOneAsync(id, "fixed");

        var effect = Assert.Single(await consumer.WithDbAsync((db, _) => db.Effects.AsNoTracking().Where(e => e.EventId == eventId).ToListAsync()));
        Assert.Equal("product/parsed-p-9", effect.Key);
    }

    private static async Task AssertField(string field, Func<Task> call)
    {
        var error = await AdminClient.FailsWith(StatusCode.InvalidArgument, call);
        Assert.Equal(field, error.Trailers.GetValue("field"));
    }
}
