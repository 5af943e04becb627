using Grpc.Core;
using Integration.Contracts.Admin.V1;
using Integration.Contracts.Events.V1;
using Integration.Messaging.DeadLetters.Tests.Support;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.DeadLetters.Tests;

/// <summary>Publish dead letters: the producer could not deliver; after the peer is fixed a replay sends it once.</summary>
public sealed class ReplayPublishTests
{
    [Fact]
    public async Task Publish_dead_letter_replayed_after_the_peer_is_fixed_is_delivered_once_and_published()
    {
        var gate = new PeerGate();
        await using var consumer = await Consumers.StartAsync(new HandlerSwitch(), before: gate.Install);
        await using var producer = await MessagingTestApp.StartAsync(
            "producer",
            settings: new Dictionary<string, string?>
            {
                ["Messaging:MaxPublishAttempts"] = "2",
                ["Messaging:BaseBackoff"] = "00:00:00.010",
                ["Messaging:MaxBackoff"] = "00:00:00.050",
            },
            peers: [consumer]);
        using var admin = new AdminClient(producer);

        var eventId = await producer.WithDbAsync(async (db, services) =>
        {
            var id = services.GetRequiredService<IOutbox>().Enqueue(new ProductChanged { ProductId = "p-9", Version = 4 }, "product/p-9");
            await db.SaveChangesAsync();
            return id;
        });

        var dead = Assert.Single(await Eventually.ReturnsAsync(
            () => admin.ListAllAsync(DeadLetterStatus.Parked), l => l.Count > 0, "the undeliverable event to be parked"));
        Assert.Equal(DeadLetterKind.Publish, dead.Kind);
        Assert.Equal(eventId, dead.EventId);
        Assert.Equal(2, dead.Attempts);
        Assert.Contains("answered 500", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(2, gate.Refused);
        var parkedRow = await OutboxRowAsync(producer, eventId);
        Assert.NotNull(parkedRow.DeadLetteredAt);
        Assert.Null(parkedRow.PublishedAt);

        gate.Open();
        var replayed = await admin.ReplayOneAsync(dead.DeadLetterId, "consumer redeployed");

        Assert.Equal(DeadLetterStatus.Replayed, replayed.Status);
        var action = Assert.Single(replayed.Actions);
        Assert.Equal(("replay", AdminClient.Actor, "consumer redeployed"), (action.Action, action.Actor, action.Reason));
        var row = await Eventually.ReturnsAsync(() => OutboxRowAsync(producer, eventId), r => r.PublishedAt is not null, "the replayed event to be published");
        Assert.Null(row.DeadLetteredAt);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(1, await Consumers.EffectsAsync(consumer, eventId));
        Assert.Equal(1, await consumer.WithDbAsync((db, _) => db.Set<InboxRecord>().CountAsync(r => r.EventId == eventId)));
        Assert.Equal(2, gate.Refused);
        // Still one dead letter on the producer, closed; replaying it again is refused.
        Assert.Equal(DeadLetterStatus.Replayed, Assert.Single(await admin.ListAllAsync()).Status);
        await AdminClient.FailsWith(StatusCode.FailedPrecondition, () => admin.ReplayOneAsync(dead.DeadLetterId, "again"));
    }

    private static Task<OutboxMessage> OutboxRowAsync(MessagingTestApp app, string eventId) =>
        app.WithDbAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.EventId == eventId));
}
