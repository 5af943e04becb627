using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using CsCheck;
using Integration.Messaging.Events;

namespace Integration.Messaging.Tests;

/// <summary>
/// The codec writes and reads CloudEvents itself on the hot path; the CloudEvents SDK is the judge of what it writes,
/// and of what it reads when a bulk entry arrives already parsed.
/// </summary>
public sealed class CloudEventCodecProperties
{
    private static readonly CloudEventAttribute TraceParent = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    // Printable text with the characters escaping is about (quotes, backslash, &, <, +, non-ASCII).
    private static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.String[Gen.Char["abcxyz0189-_./"], 1, 20]),
        (1, Gen.String[Gen.Char["\"\\&<>+' éß€"], 1, 10]));

    private static readonly Gen<DateTimeOffset> Times = Gen.Select(
        Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2100, 1, 1).Ticks], Gen.Int[-14 * 60, 14 * 60],
        (ticks, offsetMinutes) => new DateTimeOffset(new DateTime(ticks, DateTimeKind.Utc)).ToOffset(TimeSpan.FromMinutes(offsetMinutes)));

    private static readonly Gen<string> Data = Gen.Select(Text, Gen.Long, Gen.Bool,
        (s, n, b) => JsonSerializer.Serialize(new Dictionary<string, object> { ["product_id"] = s, ["version"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture), ["active"] = b, ["nested"] = new[] { s } }));

    // A source is a URI reference (a service name in practice); backslashes would be UNC paths to .NET's Uri.
    private static readonly Gen<string> Sources = Gen.Frequency(
        (4, Gen.String[Gen.Char["abcxyz0189-_./"], 1, 20]),
        (1, Gen.String[Gen.Char["&+' éß€:/?#"], 1, 10]));

    private static readonly Gen<ReceivedEvent> Events = Gen.Select(
        Gen.Select(Text, Text, Sources, (id, type, source) => (id, type, source)),
        Text.Null(), Times.Nullable(), Gen.Const("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").Null(), Data,
        (a, subject, time, traceParent, data) => new ReceivedEvent(a.id, a.type, a.source, subject, time, traceParent, data));

    [Fact]
    public void What_the_codec_writes_the_SDK_reads_back_unchanged()
    {
        Events.Sample(evt =>
        {
            var encoded = CloudEventCodec.Encode(evt);
            var read = new JsonEventFormatter().DecodeStructuredModeMessage(encoded, new System.Net.Mime.ContentType(CloudEventCodec.ContentType), [TraceParent]);

            Assert.Equal(evt.Id, read.Id);
            Assert.Equal(evt.Type, read.Type);
            // The SDK keeps the source as a URI reference: its text comes back normalised.
            var source = new Uri(evt.Source, UriKind.RelativeOrAbsolute).ToString();
            Assert.Equal(source, read.Source?.ToString());
            Assert.Equal(evt.Subject, read.Subject);
            Assert.Equal(evt.Time, read.Time);
            Assert.Equal(evt.TraceParent, read[TraceParent] as string);
            Assert.Equal("application/json", read.DataContentType);
            Assert.Equal(evt.DataJson, ((JsonElement)read.Data!).GetRawText());
            Assert.Equal(evt with { Source = source }, CloudEventCodec.Decode(encoded));
        });
    }

    [Fact]
    public void An_encoding_does_not_depend_on_what_its_thread_encoded_before()
    {
        // The codec keeps one buffer and writer per thread: an event's bytes must be what a fresh thread writes, after an
        // event of any size (one too large to keep its buffer too), and after one that failed half-way (data not JSON).
        var huge = "{\"blob\":\"" + new string('x', 300_000) + "\"}";
        Gen.Select(Events, Events, Gen.Int[0, 2]).Sample((evt, before, kind) =>
        {
            var fresh = OnFreshThread(() => CloudEventCodec.Encode(evt));
            switch (kind)
            {
                case 0:
                    CloudEventCodec.Encode(before);
                    break;
                case 1:
                    Assert.ThrowsAny<Exception>(() => CloudEventCodec.Encode(before with { DataJson = "{\"a\": [1, " }));
                    break;
                default:
                    CloudEventCodec.Encode(before with { DataJson = huge });
                    break;
            }

            Assert.Equal(fresh, CloudEventCodec.Encode(evt));
        });
    }

    private static byte[] OnFreshThread(Func<byte[]> encode)
    {
        byte[]? result = null;
        var thread = new Thread(() => result = encode());
        thread.Start();
        thread.Join();
        return result!;
    }

    [Fact]
    public void Reading_a_parsed_entry_gives_what_the_SDK_path_gives()
    {
        // Our own encoding, and the same event in other legal shapes: an offset time, extra attributes, no data type.
        Gen.Select(Events, Gen.Bool, Gen.Bool).Sample((evt, extras, dropContentType) =>
        {
            var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(CloudEventCodec.Encode(evt))!;
            if (extras)
            {
                json["topic"] = JsonSerializer.SerializeToElement(evt.Type);
                json["pubsubname"] = JsonSerializer.SerializeToElement("pubsub");
                json["traceid"] = JsonSerializer.SerializeToElement("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");
                if (evt.Time is { } time)
                {
                    json["time"] = JsonSerializer.SerializeToElement(time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (dropContentType)
            {
                json.Remove("datacontenttype");
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(json);
            using var document = JsonDocument.Parse(bytes);

            Assert.Equal(CloudEventCodec.Decode(bytes), CloudEventCodec.Decode(document.RootElement));
        });
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"e1","type":"t","source":"s","data_base64":"AAEC"}""")]
    [InlineData("""{"specversion":"1.0","id":"e1","type":"t","source":"s","datacontenttype":"text/plain","data":"hello"}""")]
    [InlineData("""{"specversion":"1.0","id":"e1","type":"t","source":"s","data":{"a":1},"time":"2025-03-01T10:15:30.123456789Z"}""")]
    [InlineData("""{"specversion":"1.0","id":"e1","type":"t","source":"s"}""")]
    public void Unusual_shapes_take_the_SDK_path_and_read_the_same(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(bytes);

        Assert.Equal(CloudEventCodec.Decode(bytes), CloudEventCodec.Decode(document.RootElement));
    }

    [Fact]
    public void Control_characters_in_attributes_are_refused_as_the_SDK_refuses_them()
    {
        var evt = new ReceivedEvent("e1", "t", "s", "order/1\n2", null, null, "{}");
        var bytes = """{"specversion":"1.0","id":"e1","type":"t","source":"s","subject":"order/1\n2","data":{}}"""u8.ToArray();
        using var document = JsonDocument.Parse(bytes);

        Assert.Throws<ArgumentException>(() => CloudEventCodec.Encode(evt));
        Assert.ThrowsAny<ArgumentException>(() => CloudEventCodec.Decode(bytes));
        Assert.ThrowsAny<ArgumentException>(() => CloudEventCodec.Decode(document.RootElement));
    }

    [Fact]
    public void A_CloudEvent_without_an_id_is_refused_either_way()
    {
        var bytes = """{"specversion":"1.0","type":"t","source":"s","data":{}}"""u8.ToArray();
        using var document = JsonDocument.Parse(bytes);

        Assert.ThrowsAny<Exception>(() => CloudEventCodec.Decode(bytes));
        Assert.ThrowsAny<Exception>(() => CloudEventCodec.Decode(document.RootElement));
    }
}
