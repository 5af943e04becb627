using Integration.Contracts.Admin.V1;
using Integration.Contracts.Events.V1;
using Integration.Messaging.DeadLetters.Tests.Support;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.DeadLetters.Tests;

/// <summary>A publish replay whose peer is still down parks the same dead letter again, with the new evidence.</summary>
public sealed class ReplayPublishFailsAgainTests
{
    [Fact]
    public async Task A_replayed_publish_that_fails_again_returns_to_the_same_dead_letter()
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
        await producer.WithDbAsync(async (db, services) =>
        {
            services.GetRequiredService<IOutbox>().Enqueue(new ProductChanged { ProductId = "p-10", Version = 1 }, "product/p-10");
            return await db.SaveChangesAsync();
        });
        var dead = Assert.Single(await Eventually.ReturnsAsync(
            () => admin.ListAllAsync(DeadLetterStatus.Parked), l => l.Count > 0, "the undeliverable event to be parked"));

        // The peer is still refusing: the replay runs out of attempts again.
        await admin.ReplayOneAsync(dead.DeadLetterId, "trying again too early");
        var again = await Eventually.ReturnsAsync(
            () => admin.ListAllAsync(DeadLetterStatus.Parked), l => l.Count == 1 && l[0].Actions.Count == 2, "the replay to fail and park again");

        var only = Assert.Single(await admin.ListAllAsync());
        Assert.Equal(dead.DeadLetterId, only.DeadLetterId);
        Assert.Equal(DeadLetterStatus.Parked, only.Status);
        Assert.Equal(4, only.Attempts);
        Assert.Equal(["replay", "replay-failed"], again[0].Actions.Select(a => a.Action));
        Assert.Equal(4, gate.Refused);
    }
}
