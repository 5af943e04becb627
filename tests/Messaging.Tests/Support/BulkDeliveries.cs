using System.Net.Http.Headers;
using System.Text.Json;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;

namespace Integration.Messaging.Tests.Support;

/// <summary>Dapr's bulk deliveries, built as daprd builds them (application/json envelope, whole CloudEvents as entries).</summary>
internal static class BulkDeliveries
{
    /// <summary>POSTs the events as one bulk; returns the status answered per entry id (entry id = event id here).</summary>
    public static async Task<Dictionary<string, string>> DeliverBulkAsync(this HttpClient client, string route, IEnumerable<ReceivedEvent> events)
    {
        var entries = events.Select((e, i) => ($"entry-{i}", e)).ToList();
        var envelope = new
        {
            id = Guid.NewGuid().ToString(),
            topic = Products.Type,
            pubsubname = "pubsub",
            type = "com.dapr.event.sent.bulk",
            metadata = new Dictionary<string, string>(),
            entries = entries.Select(x => new
            {
                entryId = x.Item1,
                @event = JsonDocument.Parse(CloudEventCodec.Encode(x.e)).RootElement,
                contentType = CloudEventCodec.ContentType,
                metadata = new Dictionary<string, string>(),
            }),
        };
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(envelope));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(route, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{route} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var byEntry = json.RootElement.GetProperty("statuses").EnumerateArray()
            .ToDictionary(s => s.GetProperty("entryId").GetString()!, s => s.GetProperty("status").GetString()!, StringComparer.Ordinal);
        // Every entry is answered (daprd retries the ones left out), under its own entry id.
        Assert.Equal(entries.Select(x => x.Item1).Order(StringComparer.Ordinal), byEntry.Keys.Order(StringComparer.Ordinal));
        return entries.GroupBy(x => x.e.Id).ToDictionary(g => g.Key, g => byEntry[g.First().Item1], StringComparer.Ordinal);
    }
}

/// <summary>Fails on version 1 of product "poison" (after flushing its effect); handles every other event like <see cref="EffectHandler"/>.</summary>
internal sealed class OnePoisonHandler(EffectsDbContext db, HandlerCalls calls) : IEventHandler<ProductChanged>
{
    public async Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        calls.Next(context.EventId);
        db.Effects.Add(new Effect { Key = Products.EffectKey(context.Subject ?? "?", evt.Version), EventId = context.EventId, At = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        if (evt.ProductId == "poison" && evt.Version == 1)
        {
            throw new InvalidOperationException("poison: version 1 cannot be handled");
        }
    }
}
