using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Integration.Messaging.Events;

/// <summary>CloudEvents 1.0 in structured JSON mode, the shape Dapr publishes and delivers.</summary>
public static class CloudEventCodec
{
    public const string ContentType = "application/cloudevents+json";

    private static readonly CloudEventAttribute TraceParentAttribute =
        CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>Encodes an event; <paramref name="dataJson"/> is embedded as a JSON object, not a string.</summary>
    public static byte[] Encode(ReceivedEvent evt)
    {
        using var data = JsonDocument.Parse(evt.DataJson);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [TraceParentAttribute])
        {
            Id = evt.Id,
            Type = evt.Type,
            Source = new Uri(evt.Source, UriKind.RelativeOrAbsolute),
            Subject = evt.Subject,
            Time = evt.Time,
            DataContentType = MediaTypeNames.Application.Json,
            Data = data.RootElement.Clone(),
        };
        if (!string.IsNullOrEmpty(evt.TraceParent))
        {
            cloudEvent[TraceParentAttribute] = evt.TraceParent;
        }

        return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
    }

    /// <summary>Decodes a structured-mode CloudEvent (as Dapr delivers it, extra attributes ignored).</summary>
    public static ReceivedEvent Decode(ReadOnlyMemory<byte> body)
    {
        var cloudEvent = Formatter.DecodeStructuredModeMessage(body, new System.Net.Mime.ContentType(ContentType), [TraceParentAttribute]);
        var data = cloudEvent.Data switch
        {
            JsonElement element => element.GetRawText(),
            string text => text,
            null => "{}",
            var other => JsonSerializer.Serialize(other),
        };
        return new ReceivedEvent(
            cloudEvent.Id ?? throw new FormatException("the CloudEvent has no id"),
            cloudEvent.Type ?? throw new FormatException("the CloudEvent has no type"),
            cloudEvent.Source?.ToString() ?? string.Empty,
            cloudEvent.Subject,
            cloudEvent.Time,
            cloudEvent[TraceParentAttribute] as string,
            data);
    }
}
