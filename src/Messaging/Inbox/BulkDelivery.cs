using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Integration.Messaging.Events;
using Microsoft.AspNetCore.Http;

namespace Integration.Messaging.Inbox;

/// <summary>
/// Dapr's bulk subscribe contract over HTTP: daprd POSTs <c>{"id","topic","pubsubname","type","metadata",
/// "entries":[{"entryId","event","contentType","metadata"}]}</c> as application/json, each entry's event a whole
/// CloudEvent, and reads <c>{"statuses":[{"entryId","status":"SUCCESS"|"RETRY"|"DROP"}]}</c>; a missing status means retry.
/// </summary>
public static class BulkDelivery
{
    public const string ContentType = "application/json";

    internal static bool IsBulk(string? contentType) =>
        contentType?.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) == true;

    internal static async Task<IResult> DeliverAsync(HttpContext http, IEventProcessor processor, HandlerRegistration handler, CancellationToken ct)
    {
        // The body in one pooled buffer, sized from Content-Length (JsonDocument.ParseAsync copied it into doubling arrays,
        // above 85 KB on the large-object heap); the entries' data stay slices of it while the bulk is processed.
        var (buffer, length) = await ReadBodyAsync(http.Request, ct);
        try
        {
            var entries = BulkReader.Read(buffer.AsMemory(0, length));
            if (entries is null)
            {
                return NotABulk();
            }

            var statuses = new List<BulkStatus>(entries.Count);
            var readable = new List<(string EntryId, ReceivedEvent Event)>(entries.Count);
            foreach (var (entryId, evt) in entries)
            {
                if (evt is not null)
                {
                    readable.Add((entryId, evt));
                }
                else
                {
                    // As a single delivery that is not a CloudEvent (400): the sidecar retries, then dead-letters it.
                    statuses.Add(new BulkStatus(entryId, "RETRY"));
                }
            }

            var outcomes = readable.Count == 0 ? [] : await processor.ProcessBulkAsync(readable.Select(r => r.Event).ToList(), handler, ct);
            for (var i = 0; i < readable.Count; i++)
            {
                statuses.Add(new BulkStatus(readable[i].EntryId, outcomes[i] == ProcessOutcome.Retry ? "RETRY" : "SUCCESS"));
            }

            return Results.Json(new BulkResponse(statuses));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The request body in a rented buffer (return it to the shared pool); its length.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Kestrel refuses bodies above its limit (30 MB) as they are read; the hint only sizes the first buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } hint and > 0 ? (int)Math.Min(hint, 64 << 20) : 16 << 10);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static IResult NotABulk() =>
        Results.Problem("expected a CloudEvent (application/cloudevents+json) or a Dapr bulk delivery (application/json with entries)",
            statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Builds the bulk request the embedded transport sends, as daprd would.</summary>
    public static byte[] Encode(string topic, string pubsubName, IEnumerable<(string EntryId, byte[] CloudEvent)> entries) =>
        EncodeToSegment(topic, pubsubName, entries.ToList()).ToArray();

    /// <summary>As <see cref="Encode"/>, into a buffer sized for it up front and handed over without a final copy.</summary>
    internal static ArraySegment<byte> EncodeToSegment(string topic, string pubsubName, IReadOnlyList<(string EntryId, byte[] CloudEvent)> entries)
    {
        var size = 256 + topic.Length + pubsubName.Length;
        foreach (var (entryId, body) in entries)
        {
            size += body.Length + entryId.Length + 96;
        }

        var buffer = new MemoryStream(size);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Guid.NewGuid().ToString());
            writer.WriteString("topic", topic);
            writer.WriteString("pubsubname", pubsubName);
            writer.WriteString("type", "com.dapr.event.sent.bulk");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            writer.WriteStartArray("entries");
            foreach (var (entryId, body) in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("entryId", entryId);
                writer.WritePropertyName("event");
                writer.WriteRawValue(body, skipInputValidation: true);
                writer.WriteString("contentType", CloudEventCodec.ContentType);
                writer.WriteStartObject("metadata");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads the app's answer: status per entry id (upper case); entries not listed are absent.</summary>
    public static Dictionary<string, string> ReadStatuses(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var response = JsonSerializer.Deserialize<BulkResponse>(json);
        foreach (var status in response?.Statuses ?? [])
        {
            if (!string.IsNullOrEmpty(status.EntryId))
            {
                result[status.EntryId] = status.Status?.ToUpperInvariant() ?? string.Empty;
            }
        }

        return result;
    }

    private sealed record BulkStatus(
        [property: JsonPropertyName("entryId")] string? EntryId,
        [property: JsonPropertyName("status")] string? Status);

    private sealed record BulkResponse([property: JsonPropertyName("statuses")] List<BulkStatus>? Statuses);
}
