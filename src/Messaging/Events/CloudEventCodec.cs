using System.Buffers;
using System.Globalization;
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

    /// <summary>
    /// Encodes an event; its data is embedded as a JSON object, not a string. Written directly (the CloudEvents SDK's
    /// formatter parsed the data into a document first, a cost per event on the dispatcher's hot path); the result is
    /// what the SDK reads back (tests hold the two to each other) and escapes as System.Text.Json does.
    /// </summary>
    public static byte[] Encode(ReceivedEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        // The SDK's rule, kept: no control characters in string attributes.
        RequirePrintable("id", evt.Id);
        RequirePrintable("source", evt.Source);
        if (NormalisedSource(evt.Source) is null)
        {
            // The SDK's rule, kept: the source is a URI reference.
            throw new ArgumentException($"Value for attribute 'source' is invalid: '{evt.Source}' is not a URI reference", nameof(evt));
        }

        RequirePrintable("type", evt.Type);
        RequirePrintable("subject", evt.Subject);
        RequirePrintable("traceparent", evt.TraceParent);
        // One buffer and writer per thread, reset for each event: a new ArrayBufferWriter (its zeroed array) and
        // Utf8JsonWriter per event were a visible share of a dispatcher round. A throw mid-event leaves the writer
        // half-way; Reset at the next call starts it over.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartObject();
        writer.WriteString("specversion", "1.0");
        writer.WriteString("id", evt.Id);
        writer.WriteString("source", evt.Source);
        writer.WriteString("type", evt.Type);
        if (evt.Subject is not null)
        {
            writer.WriteString("subject", evt.Subject);
        }

        if (evt.Time is { } time)
        {
            // RFC 3339 in UTC, fractional seconds only as far as they go (formatted in place: no string per event).
            Span<char> text = stackalloc char[32];
            time.UtcDateTime.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
            writer.WriteString("time", text[..length]);
        }

        writer.WriteString("datacontenttype", MediaTypeNames.Application.Json);
        if (!string.IsNullOrEmpty(evt.TraceParent))
        {
            writer.WriteString("traceparent", evt.TraceParent);
        }

        writer.WritePropertyName("data");
        // Validated as it is copied: data that is not JSON throws here, as parsing it did.
        writer.WriteRawValue(evt.DataJson);
        writer.WriteEndObject();
        writer.Flush();
        var encoded = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxKeptBuffer)
        {
            // A rare huge event: its buffer is not kept for the thread's lifetime.
            (t_buffer, t_writer) = (null, null);
        }

        return encoded;
    }

    private const int MaxKeptBuffer = 256 << 10;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// Decodes a structured-mode CloudEvent already parsed as JSON (an entry of a bulk delivery). The common shape
    /// (spec 1.0, string attributes, JSON data) is read straight from the element; anything else takes the SDK's path.
    /// </summary>
    public static ReceivedEvent Decode(JsonElement cloudEvent)
    {
        if (cloudEvent.ValueKind == JsonValueKind.Object
            && Text(cloudEvent, "specversion") == "1.0"
            && Text(cloudEvent, "id") is { Length: > 0 } id
            && Text(cloudEvent, "type") is { Length: > 0 } type
            && Text(cloudEvent, "source") is { Length: > 0 } source
            && !cloudEvent.TryGetProperty("data_base64", out _)
            && cloudEvent.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && (!cloudEvent.TryGetProperty("datacontenttype", out var contentType) || IsJson(contentType))
            && Optional(cloudEvent, "subject", out var subject)
            && Optional(cloudEvent, "time", out var timeText)
            && Optional(cloudEvent, "traceparent", out var traceParent)
            && !HasControl(id) && !HasControl(type) && !HasControl(source) && !HasControl(subject) && !HasControl(traceParent)
            && TryParseTime(timeText, out var time)
            // The SDK holds the source as a URI reference and gives back its normalised text; backslashes (UNC paths to
            // .NET's Uri) are left to it.
            && !source.Contains('\\', StringComparison.Ordinal)
            && NormalisedSource(source) is { } normalisedSource)
        {
            return new ReceivedEvent(id, type, normalisedSource, subject, time, traceParent, data.GetRawText());
        }

        return Decode(JsonSerializer.SerializeToUtf8Bytes(cloudEvent));
    }

    /// <summary>
    /// The common shape (as <see cref="Decode(JsonElement)"/>'s fast path takes it) read straight from a CloudEvent's
    /// UTF-8 bytes, its data kept as a slice of them (no document, no data string); null for anything else — duplicated or
    /// non-string attributes, data not an object or not valid UTF-8, another spec version — which the caller decodes the
    /// general way. Equal to <see cref="Decode(JsonElement)"/> wherever it answers (BulkReaderProperties).
    /// </summary>
    internal static ReceivedEvent? TryDecodeCommon(ReadOnlyMemory<byte> cloudEvent)
    {
        var reader = new Utf8JsonReader(cloudEvent.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var attributes = new string?[Attributes.Length];
        var seen = 0;
        var dataStart = -1;
        var dataEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = AttributeIndex(ref reader);
            if (index < 0)
            {
                reader.Skip();
                continue;
            }

            if ((seen & (1 << index)) != 0 || index == DataBase64)
            {
                // Twice (the document keeps the last), or base64 data: the general way decides.
                return null;
            }

            seen |= 1 << index;
            reader.Read();
            if (index == Data)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
                dataEnd = (int)reader.BytesConsumed;
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                attributes[index] = reader.GetString();
            }
            else
            {
                return null;
            }
        }

        var data = dataStart < 0 ? default : cloudEvent[dataStart..dataEnd];
        var (specVersion, id, type, source) = (attributes[SpecVersion], attributes[Id], attributes[Type], attributes[Source]);
        var (subject, timeText, traceParent, contentType) = (attributes[Subject], attributes[Time], attributes[TraceParent], attributes[ContentTypeIndex]);
        if (specVersion == "1.0" && id is { Length: > 0 } && type is { Length: > 0 } && source is { Length: > 0 } && dataStart >= 0
            && (contentType is null || IsJson(contentType))
            && !HasControl(id) && !HasControl(type) && !HasControl(source) && !HasControl(subject) && !HasControl(traceParent)
            && TryParseTime(timeText, out var time)
            && !source.Contains('\\', StringComparison.Ordinal)
            && NormalisedSource(source) is { } normalisedSource
            // The document's raw text of data fails on invalid UTF-8 (the entry is then unreadable): the general way says so.
            && System.Text.Unicode.Utf8.IsValid(data.Span))
        {
            return new ReceivedEvent(id, type, normalisedSource, subject, time, traceParent, data);
        }

        return null;
    }

    private const int SpecVersion = 0, Id = 1, Type = 2, Source = 3, Subject = 4, Time = 5, TraceParent = 6, ContentTypeIndex = 7, Data = 8, DataBase64 = 9;

    private static readonly byte[][] Attributes =
    [
        "specversion"u8.ToArray(), "id"u8.ToArray(), "type"u8.ToArray(), "source"u8.ToArray(), "subject"u8.ToArray(), "time"u8.ToArray(),
        "traceparent"u8.ToArray(), "datacontenttype"u8.ToArray(), "data"u8.ToArray(), "data_base64"u8.ToArray(),
    ];

    private static int AttributeIndex(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Attributes.Length; i++)
        {
            if (reader.ValueTextEquals(Attributes[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // RFC 3339 date-times: fraction of any length or none, Z or an offset.
    private static readonly string[] Rfc3339 =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    private static bool HasControl(string? value)
    {
        foreach (var c in value.AsSpan())
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParseExact(text, Rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }

    /// <summary>The last source seen and its text as a URI reference: a service publishes (and hears) few sources, one per peer.</summary>
    private static Tuple<string, string>? _lastSource;

    /// <summary><paramref name="source"/> as the SDK's URI reference gives it back; null when it is none.</summary>
    private static string? NormalisedSource(string source)
    {
        if (_lastSource is { } last && string.Equals(last.Item1, source, StringComparison.Ordinal))
        {
            return last.Item2;
        }

        if (!Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out var uri))
        {
            return null;
        }

        var text = uri.ToString();
        _lastSource = Tuple.Create(source, text);
        return text;
    }

    private static void RequirePrintable(string attribute, string? value)
    {
        if (HasControl(value))
        {
            throw new ArgumentException($"Value for attribute '{attribute}' is invalid: control characters are not permitted in string attributes", nameof(value));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Absent, or a string; false for any other JSON (left to the SDK to judge).</summary>
    private static bool Optional(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var property))
        {
            return true;
        }

        value = property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return property.ValueKind == JsonValueKind.String;
    }

    private static bool IsJson(JsonElement contentType) =>
        contentType.ValueKind == JsonValueKind.String && contentType.GetString() is { } text && IsJson(text);

    private static bool IsJson(string text) =>
        text.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase)
        || text.StartsWith(MediaTypeNames.Application.Json + ";", StringComparison.OrdinalIgnoreCase);

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
