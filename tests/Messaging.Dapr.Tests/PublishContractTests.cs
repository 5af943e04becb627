using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Dapr.Tests.Sidecar;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>Messaging:Transport = Dapr: the outbox publishes through DaprClient to a sidecar speaking Dapr's runtime proto.</summary>
public sealed class PublishContractTests
{
    private const string Aggregate = "product/p-42";

    public PublishContractTests() => TestTracing.EnsureSampled();

    [Fact]
    public async Task A_committed_event_reaches_the_sidecar_as_a_structured_CloudEvent()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        await using var app = await StartProducerAsync(sidecar);
        var evt = SampleEvent();

        var (id, traceId) = await CommitAsync(app, evt);
        await WaitPublishedAsync(app, id);

        var call = Assert.Single(sidecar.State.Calls);
        Assert.True(call.Accepted);
        var request = call.Request;
        Assert.Equal("integration-pubsub", request.PubsubName);
        Assert.Equal(EventTypes.Of<ProductChanged>(), request.Topic);
        // This content type is what makes daprd keep the body as the CloudEvent instead of wrapping it in its own.
        Assert.Equal("application/cloudevents+json", request.DataContentType);

        using var cloudEvent = JsonDocument.Parse(request.Data.Memory);
        var root = cloudEvent.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal(EventTypes.Of<ProductChanged>(), root.GetProperty("type").GetString());
        Assert.Equal("catalog", root.GetProperty("source").GetString());
        Assert.Equal(Aggregate, root.GetProperty("subject").GetString());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.True(root.TryGetProperty("time", out _));
        Assert.Equal(JsonValueKind.Object, root.GetProperty("data").ValueKind);
        Assert.Equal(evt, ProductChanged.Parser.ParseJson(root.GetProperty("data").GetRawText()));
        var traceParent = ActivityContext.Parse(root.GetProperty("traceparent").GetString()!, null);
        Assert.Equal(traceId, traceParent.TraceId);

        // daprd replaces the traceparent of a published CloudEvent with its own span, a child of the gRPC
        // call's trace context, so the trace survives the sidecar only if the call carries the same trace.
        Assert.NotNull(call.TraceParentHeader);
        Assert.Equal(traceId, ActivityContext.Parse(call.TraceParentHeader, null).TraceId);
    }

    [Fact]
    public async Task An_unavailable_sidecar_leaves_the_row_rescheduled_and_it_is_published_once_the_sidecar_recovers()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        sidecar.State.CurrentFailure = new Status(StatusCode.Unavailable, "sidecar is starting");
        await using var app = await StartProducerAsync(sidecar);

        var (id, _) = await CommitAsync(app, SampleEvent());
        var failed = await Eventually.WaitAsync(
            () => app.WithDbAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.EventId == id && m.Attempts > 0)),
            "the first failed publish to be recorded");

        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.PublishedAt);
        Assert.Null(failed.DeadLetteredAt);
        Assert.Null(failed.LeaseOwner);
        Assert.True(failed.NextAttemptAt > DateTime.UtcNow, "the retry waits for the backoff");
        Assert.Contains("Unavailable", failed.LastError, StringComparison.Ordinal);
        Assert.All(sidecar.State.Calls, c => Assert.False(c.Accepted));

        sidecar.State.CurrentFailure = null;
        var published = await WaitPublishedAsync(app, id);

        // One accepted publish; every refused call is counted on the row (no hidden retries inside DaprClient).
        Assert.Single(sidecar.State.Calls, c => c.Accepted);
        Assert.Equal(published.Attempts, sidecar.State.Calls.Count(c => !c.Accepted));
        // The retry carries the same CloudEvent id, so a consumer's inbox sees a redelivery, not a new event.
        Assert.All(sidecar.State.Calls, c => Assert.Equal(id, JsonDocument.Parse(c.Request.Data.Memory).RootElement.GetProperty("id").GetString()));
    }

    internal static Task<MessagingTestApp> StartProducerAsync(FakeDaprSidecar sidecar) =>
        MessagingTestApp.StartAsync("catalog", settings: new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "Dapr",
            ["Messaging:PubSubName"] = "integration-pubsub",
            // Long enough for the test to see the first failure before the retry (±20 % jitter), on a busy machine too.
            ["Messaging:BaseBackoff"] = "00:00:02",
            ["Messaging:MaxBackoff"] = "00:00:02",
            // Where daprd's gRPC API is, as the Dapr injector (or Aspire) would tell the app.
            ["DAPR_GRPC_ENDPOINT"] = sidecar.GrpcEndpoint,
        });

    /// <summary>The producer's state change and its event, committed together inside a request's trace.</summary>
    internal static async Task<(string Id, ActivityTraceId TraceId)> CommitAsync(MessagingTestApp app, ProductChanged evt)
    {
        using var request = TestTracing.StartRoot("PUT /products/p-42");
        var id = await app.WithDbAsync(async (db, services) =>
        {
            var eventId = services.GetRequiredService<IOutbox>().Enqueue(evt, Aggregate);
            db.Effects.Add(new Effect { Key = Aggregate, At = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return eventId;
        });
        return (id, request.TraceId);
    }

    internal static ProductChanged SampleEvent() => new()
    {
        ProductId = "p-42",
        Version = 7,
        SourceSystem = "erp",
        Active = true,
        Variants = { new VariantSnapshot { Sku = "SKU-42", Active = true, TaxClass = "std", GlCategory = "apparel" } },
        OccurredAt = Timestamp.FromDateTime(new DateTime(2025, 3, 1, 10, 15, 30, DateTimeKind.Utc)),
    };

    private static Task<OutboxMessage> WaitPublishedAsync(MessagingTestApp app, string id) =>
        Eventually.WaitAsync(
            () => app.WithDbAsync((db, _) => db.Set<OutboxMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.EventId == id && m.PublishedAt != null)),
            $"outbox row {id} to be published");
}
