using Integration.Contracts.Events.V1;
using Integration.Messaging.DeadLetters.Tests.Support;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Integration.Messaging.DeadLetters.Tests;

/// <summary>The readiness check reports this service's own outbox backlog, not another's in the same process.</summary>
public sealed class OutboxBacklogHealthTests
{
    [Fact]
    public async Task A_service_whose_events_wait_is_degraded_and_its_neighbour_in_the_process_is_not()
    {
        var gate = new PeerGate();
        await using var consumer = await Consumers.StartAsync(new HandlerSwitch(), before: gate.Install);
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:MaxPublishAttempts"] = "1000",
            ["Messaging:BaseBackoff"] = "00:00:00.010",
            ["Messaging:MaxBackoff"] = "00:00:00.050",
            ["Messaging:LagDegradedAfter"] = "00:00:00.300",
        };
        await using var stuck = await MessagingTestApp.StartAsync("stuck", settings: settings, peers: [consumer]);
        await using var neighbour = await MessagingTestApp.StartAsync("neighbour", settings: settings);
        await stuck.WithDbAsync(async (db, services) =>
        {
            services.GetRequiredService<IOutbox>().Enqueue(new ProductChanged { ProductId = "p-20", Version = 1 }, "product/p-20");
            return await db.SaveChangesAsync();
        });

        var degraded = await Eventually.ReturnsAsync(
            () => OutboxHealthAsync(stuck), s => s == HealthStatus.Degraded, "the stuck service's outbox check to say Degraded");
        var neighbourHealth = await OutboxHealthAsync(neighbour);

        Assert.Equal(HealthStatus.Degraded, degraded);
        Assert.Equal(HealthStatus.Healthy, neighbourHealth);
        Assert.True(gate.Refused > 0, "the consumer never refused a delivery: the event was not held up where the test meant");
    }

    private static async Task<HealthStatus> OutboxHealthAsync(MessagingTestApp app)
    {
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "outbox");
        return report.Entries["outbox"].Status;
    }
}
