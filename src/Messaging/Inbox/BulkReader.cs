using System.Text.Json;
using Integration.Messaging.Events;

namespace Integration.Messaging.Inbox;

/// <summary>One entry of a bulk delivery: its id and its event, or null when the entry is not a readable CloudEvent.</summary>
internal readonly record struct BulkEntry(string EntryId, ReceivedEvent? Event);

/// <summary>
/// Reads a bulk delivery's entries from its bytes. The common shape is read in one pass with a Utf8JsonReader, each
/// event's data left as a slice of the body (a parsed document of the whole body cost a copy of it in growing arrays,
/// its metadata, and a data string per event); anything unusual is read through a JsonDocument, as before, so the
/// result is the document's in every case (BulkReaderProperties).
/// </summary>
internal static class BulkReader
{
    /// <summary>The entries with an id, in order; null when the body is not a bulk delivery (not JSON, no entries array).</summary>
    public static List<BulkEntry>? Read(ReadOnlyMemory<byte> body) => TryReadCommon(body) ?? ReadWithDocument(body);

    /// <summary>The common shape in one pass; null for anything else (including bodies that are no bulk at all).</summary>
    internal static List<BulkEntry>? TryReadCommon(ReadOnlyMemory<byte> body)
    {
        try
        {
            return ReadCommon(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or text the reader refuses: the document says what it is.
            return null;
        }
    }

    private static List<BulkEntry>? ReadCommon(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        List<BulkEntry>? entries = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("entries"u8))
            {
                reader.Skip();
                continue;
            }

            if (entries is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            entries = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    // No entry id to answer it by: left out, as the document path does.
                    reader.Skip();
                    continue;
                }

                if (!ReadEntry(ref reader, body, entries))
                {
                    return null;
                }
            }
        }

        // The whole body is the one object: trailing text makes the reader throw (and the document refuse it).
        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? entries : null;
    }

    private static bool ReadEntry(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, List<BulkEntry> entries)
    {
        string? entryId = null;
        var (sawId, sawEvent) = (false, false);
        var (start, end) = (-1, -1);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("entryId"u8))
            {
                if (sawId)
                {
                    return false;
                }

                sawId = true;
                reader.Read();
                entryId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                if (sawEvent)
                {
                    return false;
                }

                sawEvent = true;
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    end = (int)reader.BytesConsumed;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (!string.IsNullOrEmpty(entryId))
        {
            // No event object (a raw-payload subscription's base64 string): not ours to read.
            entries.Add(new BulkEntry(entryId, start < 0 ? null : DecodeEvent(body[start..end])));
        }

        return true;
    }

    private static ReceivedEvent? DecodeEvent(ReadOnlyMemory<byte> cloudEvent)
    {
        if (CloudEventCodec.TryDecodeCommon(cloudEvent) is { } evt)
        {
            return evt;
        }

        try
        {
            using var document = JsonDocument.Parse(cloudEvent);
            return Decode(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The general way: the whole body as a document, each event decoded from its element.</summary>
    internal static List<BulkEntry>? ReadWithDocument(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using var envelope = document;
        if (envelope.RootElement.ValueKind != JsonValueKind.Object
            || !envelope.RootElement.TryGetProperty("entries", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var entries = new List<BulkEntry>(array.GetArrayLength());
        foreach (var entry in array.EnumerateArray())
        {
            var entryId = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("entryId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
            if (!string.IsNullOrEmpty(entryId))
            {
                entries.Add(new BulkEntry(entryId, Decode(entry.TryGetProperty("event", out var cloudEvent) ? cloudEvent : default)));
            }
        }

        return entries;
    }

    private static ReceivedEvent? Decode(JsonElement cloudEvent)
    {
        if (cloudEvent.ValueKind != JsonValueKind.Object)
        {
            // A raw-payload subscription's entries carry bare bytes (a base64 string): not ours to read.
            return null;
        }

        try
        {
            return CloudEventCodec.Decode(cloudEvent);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
