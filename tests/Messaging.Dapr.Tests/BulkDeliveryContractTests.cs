using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Dapr.Tests.Handlers;
using Integration.Messaging.Dapr.Tests.Runtime;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>A bulk delivery shaped as daprd sends it (pkg/runtime/subscription, publishBulkMessageHTTP), and its answer.</summary>
public sealed class BulkDeliveryContractTests
{
    private static readonly string ProductChangedType = EventTypes.Of<ProductChanged>();

    public BulkDeliveryContractTests() => TestTracing.EnsureSampled();

    [Fact]
    public async Task A_daprd_bulk_of_envelopes_is_handled_once_per_event_and_answered_per_entry()
    {
        await using var app = await TestApps.StartConsumerAsync("inventory");
        using var client = TestApps.ClientFor(app);
        var (subscriptions, _) = await DaprSubscriptions.ReadAsync(client);
        var route = subscriptions.Single(s => s.Topic == ProductChangedType).DefaultPath!;
        var first = Published("p-1", 1);
        var second = Published("p-1", 2);

        // daprd: application/json; each entry's "event" is the whole envelope (FromCloudEvent); entry ids are daprd's own.
        var bulk = Bulk(("e-1", first.Envelope), ("e-2", second.Envelope), ("e-3", first.Envelope));
        using var content = new StringContent(bulk, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(route, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var statuses = answer.RootElement.GetProperty("statuses").EnumerateArray()
            .ToDictionary(s => s.GetProperty("entryId").GetString()!, s => s.GetProperty("status").GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["e-1"] = "SUCCESS", ["e-2"] = "SUCCESS", ["e-3"] = "SUCCESS" }, statuses);
        var handled = app.Services.GetRequiredService<HandledLog>().Entries;
        Assert.Equal([first.Id, second.Id], handled.Select(h => h.Context.EventId));
        Assert.All(handled, h => Assert.Equal((ProductChangedType, "catalog", "product/p-1"), (h.Context.Type, h.Context.Source, h.Context.Subject)));
        Assert.Equal([1L, 2L], handled.Select(h => ProductChanged.Parser.ParseJson(h.DataJson).Version));
        Assert.Equal([first.Id, second.Id], await app.WithDbAsync((db, _) => db.Effects.Select(e => e.EventId).ToListAsync()));
    }

    private static (string Id, string Envelope) Published(string product, long version)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var published = CloudEventCodec.Encode(new ReceivedEvent(
            id, ProductChangedType, "catalog", $"product/{product}", DateTimeOffset.UtcNow, null,
            EventJson.Format(new ProductChanged { ProductId = product, Version = version, SourceSystem = "erp", Active = true })));
        var span = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";
        return (id, DaprDelivery.Envelope(published, ProductChangedType, "pubsub", span));
    }

    private static string Bulk(params (string EntryId, string Envelope)[] entries)
    {
        var items = string.Join(",", entries.Select(e =>
            $$"""{"entryId":"{{e.EntryId}}","event":{{e.Envelope}},"metadata":{},"contentType":"application/cloudevents+json"}"""));
        return $$"""{"entries":[{{items}}],"id":"{{Guid.NewGuid()}}","metadata":{},"pubsubname":"pubsub","topic":"{{ProductChangedType}}","type":"com.dapr.event.sent.bulk"}""";
    }
}
