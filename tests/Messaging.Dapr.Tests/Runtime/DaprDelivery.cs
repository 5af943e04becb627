using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Integration.Messaging.Dapr.Tests.Runtime;

/// <summary>How daprd reads an app's answer to a delivery.</summary>
public enum DaprVerdict
{
    /// <summary>Acknowledged: the message is done.</summary>
    Success,

    /// <summary>Redelivered later (and dead-lettered once the component's retries run out).</summary>
    Retry,

    /// <summary>Dropped (or dead-lettered) without retrying.</summary>
    Drop,
}

public sealed record DaprDeliveryResult(HttpStatusCode StatusCode, string Body, DaprVerdict Verdict);

/// <summary>
/// The two halves of daprd's pub/sub path that touch the app: the envelope it builds from a published
/// CloudEvent, and the HTTP delivery to the subscription's route with its reading of the response.
/// </summary>
public static class DaprDelivery
{
    public const string CloudEventsContentType = "application/cloudevents+json";

    /// <summary>
    /// components-contrib pubsub/envelope.go FromCloudEvent: a published application/cloudevents+json body is
    /// kept, but traceid/traceparent/tracestate are set to the sidecar's publish span, topic and pubsubname
    /// are added, and source/type/specversion defaulted. Go marshals the map, so keys come out sorted.
    /// </summary>
    public static string Envelope(ReadOnlySpan<byte> published, string topic, string pubsubName, string sidecarTraceParent, string traceState = "")
    {
        var envelope = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(published)
            ?? throw new JsonException("the published CloudEvent is null");
        envelope["traceid"] = JsonSerializer.SerializeToElement(sidecarTraceParent);
        envelope["traceparent"] = JsonSerializer.SerializeToElement(sidecarTraceParent);
        envelope["tracestate"] = JsonSerializer.SerializeToElement(traceState);
        envelope["topic"] = JsonSerializer.SerializeToElement(topic);
        envelope["pubsubname"] = JsonSerializer.SerializeToElement(pubsubName);
        envelope.TryAdd("source", JsonSerializer.SerializeToElement("Dapr"));
        envelope.TryAdd("type", JsonSerializer.SerializeToElement("com.dapr.event.sent"));
        envelope.TryAdd("specversion", JsonSerializer.SerializeToElement("1.0"));

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in envelope.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                WriteSorted(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// daprd's HTTP app channel: POST to the rule's path with content type application/cloudevents+json and a
    /// traceparent header of the delivery span (a child of the envelope's traceparent); then its verdict:
    /// 2xx reads {"status"} (none or unreadable = SUCCESS; unknown = RETRY), 404 drops, anything else retries.
    /// </summary>
    public static async Task<DaprDeliveryResult> DeliverAsync(HttpClient app, string path, string envelope, string deliveryTraceParent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Content = new StringContent(envelope, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventsContentType);
        request.Headers.TryAddWithoutValidation("traceparent", deliveryTraceParent);
        using var response = await app.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new DaprDeliveryResult(response.StatusCode, body, Verdict(response.StatusCode, body));
    }

    /// <summary>A new span id under the same trace: what a sidecar's own span looks like to the next hop.</summary>
    public static string ChildOf(string traceParent)
    {
        var parent = ActivityContext.Parse(traceParent, null);
        var flags = (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        return $"00-{parent.TraceId}-{ActivitySpanId.CreateRandom()}-{flags}";
    }

    private static DaprVerdict Verdict(HttpStatusCode status, string body)
    {
        if ((int)status is >= 200 and <= 299)
        {
            string? answer;
            try
            {
                using var json = JsonDocument.Parse(body);
                answer = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("status", out var s)
                    ? s.GetString()
                    : null;
            }
            catch (JsonException)
            {
                // daprd: "skipping status check due to error parsing result from pub/sub event".
                return DaprVerdict.Success;
            }

            return answer?.ToUpperInvariant() switch
            {
                null or "" or "SUCCESS" => DaprVerdict.Success,
                "DROP" => DaprVerdict.Drop,
                _ => DaprVerdict.Retry,
            };
        }

        return status == HttpStatusCode.NotFound ? DaprVerdict.Drop : DaprVerdict.Retry;
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
