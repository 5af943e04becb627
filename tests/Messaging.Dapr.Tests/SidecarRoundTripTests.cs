using Integration.Contracts.Events.V1;
using Integration.Messaging.Dapr.Tests.Handlers;
using Integration.Messaging.Dapr.Tests.Runtime;
using Integration.Messaging.Dapr.Tests.Sidecar;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>
/// Producer and consumer joined the way a Dapr deployment joins them: the producer's PublishEvent call is
/// turned into daprd's envelope and delivered to the route the consumer listed in /dapr/subscribe.
/// </summary>
public sealed class SidecarRoundTripTests
{
    public SidecarRoundTripTests() => TestTracing.EnsureSampled();

    [Fact]
    public async Task An_event_published_through_Dapr_is_handled_once_by_the_subscriber_in_the_producers_trace()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        await using var producer = await PublishContractTests.StartProducerAsync(sidecar);
        await using var consumer = await TestApps.StartConsumerAsync(
            "inventory", new Dictionary<string, string?> { ["Messaging:PubSubName"] = "integration-pubsub" });
        using var consumerClient = TestApps.ClientFor(consumer);
        var evt = PublishContractTests.SampleEvent();

        var (id, traceId) = await PublishContractTests.CommitAsync(producer, evt);
        await Eventually.WaitAsync(
            () => producer.WithDbAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.EventId == id && m.PublishedAt != null)),
            "the producer's outbox row to be published");
        var call = Assert.Single(sidecar.State.Calls);

        // daprd: its publish span continues the call's trace; the envelope carries it; delivery is a child of it.
        var sidecarSpan = DaprDelivery.ChildOf(call.TraceParentHeader!);
        var envelope = DaprDelivery.Envelope(call.Request.Data.Span, call.Request.Topic, call.Request.PubsubName, sidecarSpan);
        var (subscriptions, _) = await DaprSubscriptions.ReadAsync(consumerClient);
        var subscription = Assert.Single(subscriptions, s => s.PubsubName == call.Request.PubsubName && s.Topic == call.Request.Topic);
        var result = await DaprDelivery.DeliverAsync(consumerClient, subscription.DefaultPath!, envelope, DaprDelivery.ChildOf(sidecarSpan));
        var again = await DaprDelivery.DeliverAsync(consumerClient, subscription.DefaultPath!, envelope, DaprDelivery.ChildOf(sidecarSpan));

        Assert.Equal(DaprVerdict.Success, result.Verdict);
        Assert.Equal(DaprVerdict.Success, again.Verdict);
        var handled = Assert.Single(consumer.Services.GetRequiredService<HandledLog>().Entries);
        Assert.Equal((id, call.Request.Topic, "catalog", "product/p-42"), (handled.Context.EventId, handled.Context.Type, handled.Context.Source, handled.Context.Subject));
        Assert.Equal(evt, ProductChanged.Parser.ParseJson(handled.DataJson));
        Assert.Equal(traceId, handled.TraceId);
        Assert.Equal([id], await consumer.WithDbAsync((db, _) => db.Effects.Select(e => e.EventId).ToListAsync()));
    }
}
