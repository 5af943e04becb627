using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Integration.Contracts.Admin.V1;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Dapr.Tests.Handlers;
using Integration.Messaging.Dapr.Tests.Runtime;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>
/// What daprd does once its retries for a message run out: it publishes the message, unchanged, to the subscription's
/// dead-letter topic (pkg/runtime/pubsub sendToDeadLetter: the same bytes, the envelope's "topic" still the original
/// one) and delivers it from there like any other message. The service subscribes to that topic and parks it.
/// </summary>
public sealed class DeadLetterTopicTests
{
    private const string Service = "inventory";
    private const string DeadLetterTopic = "integration.inventory.dead-letter";

    public DeadLetterTopicTests() => TestTracing.EnsureSampled();

    [Fact]
    public async Task Dapr_finds_a_subscription_to_the_dead_letter_topic_that_has_no_dead_letter_topic_itself()
    {
        await using var app = await TestApps.StartConsumerAsync(Service);
        using var client = TestApps.ClientFor(app);

        var (subscriptions, _) = await DaprSubscriptions.ReadAsync(client);

        var deadLetters = Assert.Single(subscriptions, s => s.Topic == DeadLetterTopic);
        Assert.Equal("pubsub", deadLetters.PubsubName);
        Assert.Equal("/events/dead-letter", deadLetters.DefaultPath);
        // A dead letter of the dead-letter topic would loop; a message that cannot be parked is retried instead.
        Assert.Equal(string.Empty, deadLetters.DeadLetterTopic);
        // Every handler's subscription names the topic this one reads.
        Assert.All(subscriptions.Where(s => s.Topic != DeadLetterTopic), s => Assert.Equal(DeadLetterTopic, s.DeadLetterTopic));
    }

    [Fact]
    public async Task A_message_Dapr_gave_up_on_is_parked_once_listed_and_replayed_to_its_handler_once()
    {
        await using var app = await TestApps.StartConsumerAsync(Service);
        using var client = TestApps.ClientFor(app);
        using var admin = new Admin(app);
        var (envelope, id) = DaprShaped(new ProductChanged { ProductId = "p-1", Version = 2, SourceSystem = "erp", Active = true }, "product/p-1");

        // Dapr could not reach the handler (the app was down) and moved the message on; it arrives twice (at least once).
        var first = await DeliverDeadLetterAsync(client, envelope);
        var second = await DeliverDeadLetterAsync(client, envelope);

        Assert.Equal(DaprVerdict.Success, first.Verdict);
        Assert.Equal(DaprVerdict.Success, second.Verdict);
        var parked = Assert.Single(await admin.ListAsync(DeadLetterStatus.Parked));
        Assert.Equal(DeadLetterKind.Delivery, parked.Kind);
        Assert.Equal(id, parked.EventId);
        Assert.Equal(EventTypes.Of<ProductChanged>(), parked.EventType);
        Assert.Equal($"{Service}.{nameof(ProductChangedRecorder)}", parked.Consumer);
        Assert.Contains(DeadLetterTopic, parked.LastError, StringComparison.Ordinal);
        Assert.Equal(id, CloudEventCodec.Decode(System.Text.Encoding.UTF8.GetBytes(parked.CloudEventJson)).Id);
        Assert.Empty(app.Services.GetRequiredService<HandledLog>().Entries);

        // While it is parked, a stray redelivery to the handler is acknowledged without running it: the operator decides.
        var stray = await DaprDelivery.DeliverAsync(client, await RouteOfAsync(client, EventTypes.Of<ProductChanged>()), envelope, NewTraceParent());
        Assert.Equal(DaprVerdict.Success, stray.Verdict);
        Assert.Empty(app.Services.GetRequiredService<HandledLog>().Entries);

        var replayed = Assert.Single((await admin.Service.ReplayDeadLettersAsync(new ReplayDeadLettersRequest
        {
            DeadLetterIds = { parked.DeadLetterId }, Actor = "ops@example.com", Reason = "consumer back up",
        })).DeadLetters);

        Assert.Equal(DeadLetterStatus.Replayed, replayed.Status);
        var handled = Assert.Single(app.Services.GetRequiredService<HandledLog>().Entries);
        Assert.Equal(id, handled.Context.EventId);
        Assert.Equal([id], await EffectEventIdsAsync(app));

        // A late copy from the topic after the replay parks nothing new and has no second effect.
        Assert.Equal(DaprVerdict.Success, (await DeliverDeadLetterAsync(client, envelope)).Verdict);
        Assert.Single(await admin.ListAsync(DeadLetterStatus.Unspecified));
        Assert.Equal([id], await EffectEventIdsAsync(app));
        var again = await Assert.ThrowsAsync<RpcException>(() => admin.Service.ReplayDeadLettersAsync(new ReplayDeadLettersRequest
        {
            DeadLetterIds = { parked.DeadLetterId }, Actor = "ops@example.com", Reason = "twice",
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task The_handlers_failed_attempts_become_the_dead_letters_evidence()
    {
        await using var app = await TestApps.StartConsumerAsync(Service);
        using var client = TestApps.ClientFor(app);
        using var admin = new Admin(app);
        var (envelope, id) = DaprShaped(new StockReserved { ReservationId = "r-1", OrderId = "o-1", OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) }, "order/o-1");
        var route = await RouteOfAsync(client, EventTypes.Of<StockReserved>());

        // Two deliveries fail (RETRY), then the component's retry policy runs out and Dapr dead-letters it.
        Assert.Equal(DaprVerdict.Retry, (await DaprDelivery.DeliverAsync(client, route, envelope, NewTraceParent())).Verdict);
        Assert.Equal(DaprVerdict.Retry, (await DaprDelivery.DeliverAsync(client, route, envelope, NewTraceParent())).Verdict);
        Assert.Equal(DaprVerdict.Success, (await DeliverDeadLetterAsync(client, envelope)).Verdict);

        var parked = Assert.Single(await admin.ListAsync(DeadLetterStatus.Parked));
        Assert.Equal(DeadLetterKind.Delivery, parked.Kind);
        Assert.Equal(id, parked.EventId);
        Assert.Equal(2, parked.Attempts);
        Assert.Contains("the reservations table did not answer in time", parked.LastError, StringComparison.Ordinal);
        // The failure counter moved onto the dead letter; the failed attempts left no effect.
        Assert.Equal(0, await app.WithDbAsync((db, _) => db.Set<InboxFailure>().CountAsync()));
        Assert.Empty(await EffectEventIdsAsync(app));

        // Replayed while the cause persists: it stays parked, one attempt more, the audit trail says so.
        var stillParked = Assert.Single((await admin.Service.ReplayDeadLettersAsync(new ReplayDeadLettersRequest
        {
            DeadLetterIds = { parked.DeadLetterId }, Actor = "ops@example.com", Reason = "try again",
        })).DeadLetters);
        Assert.Equal(DeadLetterStatus.Parked, stillParked.Status);
        Assert.Equal(3, stillParked.Attempts);
        Assert.Equal(["replay-failed"], stillParked.Actions.Select(a => a.Action));
        Assert.Empty(await EffectEventIdsAsync(app));
    }

    [Fact]
    public async Task Concurrent_copies_from_the_topic_park_one_dead_letter()
    {
        await using var app = await TestApps.StartConsumerAsync(Service);
        using var admin = new Admin(app);
        var (envelope, id) = DaprShaped(new StockAdjusted { Sku = "SKU-1", LocationId = "main", MovementId = "m-1", QuantityDelta = 3, Kind = "receipt" }, "sku/SKU-1");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = TestApps.ClientFor(app);
            return await DeliverDeadLetterAsync(client, envelope);
        }));

        Assert.All(results, r => Assert.Equal(DaprVerdict.Success, r.Verdict));
        var parked = Assert.Single(await admin.ListAsync(DeadLetterStatus.Unspecified));
        Assert.Equal(id, parked.EventId);
    }

    [Fact]
    public async Task A_message_of_a_type_without_a_handler_is_parked_too_and_its_replay_is_refused_with_the_reason()
    {
        await using var app = await TestApps.StartConsumerAsync(Service);
        using var client = TestApps.ClientFor(app);
        using var admin = new Admin(app);
        var (envelope, id) = DaprShaped(new ReservationReleased { ReservationId = "r-9" }, "reservation/r-9");

        Assert.Equal(DaprVerdict.Success, (await DeliverDeadLetterAsync(client, envelope)).Verdict);

        var parked = Assert.Single(await admin.ListAsync(DeadLetterStatus.Parked));
        Assert.Equal(id, parked.EventId);
        Assert.Equal(string.Empty, parked.Consumer);
        Assert.Contains("maps no handler", parked.LastError, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.Service.ReplayDeadLettersAsync(new ReplayDeadLettersRequest
        {
            DeadLetterIds = { parked.DeadLetterId }, Actor = "ops@example.com", Reason = "try",
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("no longer maps a handler", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_a_CloudEvent_is_refused_and_parks_nothing()
    {
        await using var app = await TestApps.StartConsumerAsync(Service);
        using var client = TestApps.ClientFor(app);
        using var admin = new Admin(app);

        var result = await DaprDelivery.DeliverAsync(client, "/events/dead-letter", "[1,2]", NewTraceParent());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Empty(await admin.ListAsync(DeadLetterStatus.Unspecified));
    }

    /// <summary>daprd delivering from the dead-letter topic: the original envelope, to the path /dapr/subscribe gave for that topic.</summary>
    private static async Task<DaprDeliveryResult> DeliverDeadLetterAsync(HttpClient client, string envelope) =>
        await DaprDelivery.DeliverAsync(client, await RouteOfAsync(client, DeadLetterTopic), envelope, NewTraceParent());

    private static async Task<string> RouteOfAsync(HttpClient client, string topic)
    {
        var (subscriptions, _) = await DaprSubscriptions.ReadAsync(client);
        return subscriptions.Single(s => s.Topic == topic).DefaultPath!;
    }

    /// <summary>An event as a producer publishes it, passed through the publishing sidecar's envelope (FromCloudEvent).</summary>
    private static (string Envelope, string Id) DaprShaped(Google.Protobuf.IMessage data, string subject)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var type = EventTypes.Of(data);
        var published = CloudEventCodec.Encode(new ReceivedEvent(id, type, "catalog", subject, DateTimeOffset.UtcNow, NewTraceParent(), EventJson.Format(data)));
        return (DaprDelivery.Envelope(published, type, "pubsub", NewTraceParent()), id);
    }

    private static string NewTraceParent() => $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";

    private static Task<List<string?>> EffectEventIdsAsync(MessagingTestApp app) =>
        app.WithDbAsync((db, _) => db.Effects.Select(e => e.EventId).ToListAsync());

    /// <summary>The app's AdminService over its in-memory server, as an operator's client calls it.</summary>
    private sealed class Admin : IDisposable
    {
        private readonly GrpcChannel _channel;

        public Admin(MessagingTestApp app)
        {
            _channel = GrpcChannel.ForAddress(app.App.GetTestServer().BaseAddress, new GrpcChannelOptions { HttpHandler = app.CreateHandler() });
            Service = new AdminService.AdminServiceClient(_channel);
        }

        public AdminService.AdminServiceClient Service { get; }

        public async Task<List<Contracts.Admin.V1.DeadLetter>> ListAsync(DeadLetterStatus status) =>
            [.. (await Service.ListDeadLettersAsync(new ListDeadLettersRequest { Status = status, PageSize = 100 })).DeadLetters];

        public void Dispose() => _channel.Dispose();
    }
}
