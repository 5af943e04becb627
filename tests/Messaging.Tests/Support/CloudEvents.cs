using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Integration.Messaging.Tests.Support;

/// <summary>Structured CloudEvents posted straight to a consumer's route, exactly as the transports deliver them.</summary>
internal static class CloudEvents
{
    public static ReceivedEvent Of(ProductChanged evt, string? id = null) =>
        Raw(EventJson.Format(evt), Products.AggregateKey(evt.ProductId), id);

    public static ReceivedEvent Raw(string dataJson, string subject, string? id = null) =>
        new(id ?? Guid.CreateVersion7().ToString("N"), Products.Type, "producer", subject, DateTimeOffset.UtcNow, null, dataJson);

    public static string Route<THandler>() => $"/events/{Products.Type}/{typeof(THandler).Name}";

    /// <summary>POSTs the event as <c>application/cloudevents+json</c>; returns the Dapr status the consumer answered.</summary>
    public static async Task<string> DeliverAsync(this HttpClient client, string route, ReceivedEvent evt)
    {
        using var content = new ByteArrayContent(CloudEventCodec.Encode(evt));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventCodec.ContentType);
        using var response = await client.PostAsync(route, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{route} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("status").GetString()!;
    }
}
