using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Integration.Messaging.Events;

namespace Integration.Testing.Messaging;

/// <summary>Delivers an event to a service under test the way the embedded transport does: a structured CloudEvent POSTed to the handler's route.</summary>
public static class EventPosting
{
    /// <summary>POSTs <paramref name="evt"/> to <paramref name="handler"/>'s route and returns Dapr's answer (SUCCESS, RETRY or DROP).</summary>
    public static async Task<string> PostEventAsync(
        this HttpClient http, IMessage evt, string handler, string? eventId = null, string source = "test", string? subject = null)
    {
        var type = EventTypes.Of(evt);
        var received = new ReceivedEvent(eventId ?? Guid.NewGuid().ToString("N"), type, source, subject, DateTimeOffset.UtcNow, null, EventJson.Format(evt));
        using var content = new ByteArrayContent(CloudEventCodec.Encode(received));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventCodec.ContentType);
        using var response = await http.PostAsync(new Uri($"/events/{type}/{handler}", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString()!;
    }
}
