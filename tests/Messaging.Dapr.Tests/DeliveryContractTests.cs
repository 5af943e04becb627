using System.Diagnostics;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Dapr.Tests.Handlers;
using Integration.Messaging.Dapr.Tests.Runtime;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>What the app does with a delivery shaped exactly as daprd sends it, and how daprd reads the answer.</summary>
public sealed class DeliveryContractTests
{
    private static readonly string ProductChangedType = EventTypes.Of<ProductChanged>();

    public DeliveryContractTests() => TestTracing.EnsureSampled();

    [Fact]
    public async Task A_Dapr_delivery_reaches_the_handler_with_its_data_unwrapped_and_its_attributes_intact()
    {
        await using var app = await TestApps.StartConsumerAsync("inventory");
        using var client = TestApps.ClientFor(app);
        var route = await RouteOfAsync(client, ProductChangedType);
        var id = Guid.CreateVersion7().ToString("N");
        var traceId = ActivityTraceId.CreateRandom();
        var publishSpan = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";
        // As daprd (HTTP app channel) sends it: Go map keys sorted, protobuf JSON data as an object,
        // traceid = traceparent = the sidecar's publish span, and the delivery span in the traceparent header.
        var body = $$"""
            {"data":{"active":true,"product_id":"p-7","source_system":"erp","variants":[{"active":true,"gl_category":"apparel","sku":"SKU-7","tax_class":"std"}],"version":"3"},"datacontenttype":"application/json","id":"{{id}}","pubsubname":"pubsub","source":"catalog","specversion":"1.0","subject":"product/p-7","time":"2025-03-01T10:15:30.123Z","topic":"{{ProductChangedType}}","traceid":"{{publishSpan}}","traceparent":"{{publishSpan}}","tracestate":"","type":"{{ProductChangedType}}"}
            """;
        var deliverySpan = DaprDelivery.ChildOf(publishSpan);

        var result = await DaprDelivery.DeliverAsync(client, route, body, deliverySpan);

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("""{"status":"SUCCESS"}""", result.Body);
        Assert.Equal(DaprVerdict.Success, result.Verdict);
        var handled = Assert.Single(app.Services.GetRequiredService<HandledLog>().Entries);
        Assert.Equal(nameof(ProductChangedRecorder), handled.Handler);
        Assert.Equal(
            new EventContext(id, ProductChangedType, "catalog", "product/p-7", DateTimeOffset.Parse("2025-03-01T10:15:30.123Z", System.Globalization.CultureInfo.InvariantCulture)),
            handled.Context);
        var expected = new ProductChanged
        {
            ProductId = "p-7", Version = 3, SourceSystem = "erp", Active = true,
            Variants = { new VariantSnapshot { Sku = "SKU-7", Active = true, TaxClass = "std", GlCategory = "apparel" } },
        };
        Assert.Equal(expected, ProductChanged.Parser.ParseJson(handled.DataJson));
        // The handler ran in the trace the event carries, under the span daprd delivered it with.
        Assert.Equal(traceId, handled.TraceId);
        Assert.Equal(ActivityContext.Parse(deliverySpan, null).SpanId, handled.ParentSpanId);
        Assert.Equal([id], await EffectEventIdsAsync(app));
    }

    [Fact]
    public async Task Attributes_keep_characters_that_arrive_JSON_escaped()
    {
        await using var app = await TestApps.StartConsumerAsync("inventory");
        using var client = TestApps.ClientFor(app);
        var type = EventTypes.Of<StockAdjusted>();
        var route = await RouteOfAsync(client, type);
        var traceParent = NewTraceParent();
        // Go's encoding/json (which marshals daprd's envelope) writes &, < and > as \u0026, \u003c and \u003e.
        var body = $$"""
            {"data":{"kind":"sale","location_id":"main","movement_id":"m-9","quantity_delta":"-1","sku":"R&D-1"},"datacontenttype":"application/json","id":"e-escaped-1","pubsubname":"pubsub","source":"inventory","specversion":"1.0","subject":"sku/R\u0026D-1 \u003cbin 4\u003e","topic":"{{type}}","traceid":"{{traceParent}}","traceparent":"{{traceParent}}","tracestate":"","type":"{{type}}"}
            """;

        var result = await DaprDelivery.DeliverAsync(client, route, body, DaprDelivery.ChildOf(traceParent));

        Assert.Equal(DaprVerdict.Success, result.Verdict);
        var handled = Assert.Single(app.Services.GetRequiredService<HandledLog>().Entries);
        Assert.Equal("sku/R&D-1 <bin 4>", handled.Context.Subject);
        Assert.Equal("R&D-1", StockAdjusted.Parser.ParseJson(handled.DataJson).Sku);

        // And what System.Text.Json escapes (non-ASCII, +) when our own codec writes the CloudEvent.
        var (escaped, id) = DaprShaped(new StockAdjusted { MovementId = "m-10", Sku = "CRÈME-1" }, subject: "sku/Crème brûlée + co");
        Assert.Equal(DaprVerdict.Success, (await DaprDelivery.DeliverAsync(client, route, escaped, NewTraceParent())).Verdict);
        Assert.Equal("sku/Crème brûlée + co", app.Services.GetRequiredService<HandledLog>().Entries.Single(e => e.Context.EventId == id).Context.Subject);
    }

    [Fact]
    public async Task A_redelivery_by_Dapr_is_acknowledged_without_a_second_effect()
    {
        await using var app = await TestApps.StartConsumerAsync("inventory");
        using var client = TestApps.ClientFor(app);
        var route = await RouteOfAsync(client, EventTypes.Of<StockAdjusted>());
        var (body, id) = DaprShaped(new StockAdjusted { MovementId = "m-1", Sku = "SKU-1", LocationId = "main", QuantityDelta = -2, Kind = "sale" });

        var first = await DaprDelivery.DeliverAsync(client, route, body, NewTraceParent());
        var second = await DaprDelivery.DeliverAsync(client, route, body, NewTraceParent());

        Assert.Equal(DaprVerdict.Success, first.Verdict);
        Assert.Equal(DaprVerdict.Success, second.Verdict);
        Assert.Single(app.Services.GetRequiredService<HandledLog>().Entries);
        Assert.Equal([id], await EffectEventIdsAsync(app));
    }

    [Fact]
    public async Task A_handler_failure_asks_Dapr_to_retry_and_leaves_no_effect()
    {
        await using var app = await TestApps.StartConsumerAsync("inventory");
        using var client = TestApps.ClientFor(app);
        var route = await RouteOfAsync(client, EventTypes.Of<StockReserved>());
        var (body, id) = DaprShaped(new StockReserved { ReservationId = "r-1", OrderId = "o-1", OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) });

        var result = await DaprDelivery.DeliverAsync(client, route, body, NewTraceParent());

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("""{"status":"RETRY"}""", result.Body);
        Assert.Equal(DaprVerdict.Retry, result.Verdict);
        Assert.Single(app.Services.GetRequiredService<HandledLog>().Entries);
        Assert.Empty(await EffectEventIdsAsync(app));
        var failure = await app.WithDbAsync((db, _) => db.Set<InboxFailure>().SingleAsync());
        Assert.Equal((id, 1), (failure.EventId, failure.Attempts));
        Assert.Contains("TimeoutException", failure.LastError, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> NotCloudEvents => new()
    {
        // Plain JSON: what a caller that bypassed Dapr (or Dapr with rawPayload) would send.
        { "application/json", """{"product_id":"p-1","version":"1"}""" },
        // Structured mode but without the required id / type.
        { DaprDelivery.CloudEventsContentType, $$"""{"data":{"product_id":"p-1"},"datacontenttype":"application/json","source":"catalog","specversion":"1.0","type":"{{ProductChangedType}}"}""" },
        { DaprDelivery.CloudEventsContentType, """{"data":{"product_id":"p-1"},"datacontenttype":"application/json","id":"e-1","source":"catalog","specversion":"1.0"}""" },
        { "text/plain", "hello" },
    };

    [Theory]
    [MemberData(nameof(NotCloudEvents))]
    public async Task A_body_that_is_not_a_CloudEvent_is_refused_not_acknowledged(string contentType, string body)
    {
        await using var app = await TestApps.StartConsumerAsync("inventory");
        using var client = TestApps.ClientFor(app);
        var route = await RouteOfAsync(client, ProductChangedType);
        using var content = new StringContent(body, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await client.PostAsync(new Uri(route, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(app.Services.GetRequiredService<HandledLog>().Entries);
        Assert.Empty(await EffectEventIdsAsync(app));
    }

    /// <summary>The path daprd would POST this topic to, from the app's own /dapr/subscribe.</summary>
    private static async Task<string> RouteOfAsync(HttpClient client, string topic)
    {
        var (subscriptions, _) = await DaprSubscriptions.ReadAsync(client);
        return subscriptions.Single(s => s.Topic == topic).DefaultPath!;
    }

    /// <summary>An event as a producer publishes it, passed through daprd's envelope (FromCloudEvent).</summary>
    private static (string Body, string Id) DaprShaped(Google.Protobuf.IMessage data, string subject = "sku/SKU-1")
    {
        var id = Guid.CreateVersion7().ToString("N");
        var type = EventTypes.Of(data);
        var published = CloudEventCodec.Encode(new ReceivedEvent(id, type, "inventory", subject, DateTimeOffset.UtcNow, NewTraceParent(), EventJson.Format(data)));
        return (DaprDelivery.Envelope(published, type, "pubsub", NewTraceParent()), id);
    }

    private static string NewTraceParent() => $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";

    private static Task<List<string?>> EffectEventIdsAsync(MessagingTestApp app) =>
        app.WithDbAsync((db, _) => db.Effects.Select(e => e.EventId).ToListAsync());
}
