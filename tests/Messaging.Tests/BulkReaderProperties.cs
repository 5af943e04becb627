using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;

namespace Integration.Messaging.Tests;

/// <summary>
/// The one-pass reader of bulk deliveries (events' data left as slices of the body) against the document it replaced:
/// the same entries and events for every body — the common shape, escaped and unusual attributes, duplicated keys,
/// bodies that are no bulk at all — and the common shape really read in one pass.
/// </summary>
public sealed class BulkReaderProperties
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Text with the characters escaping is about; sometimes a control character.
    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.String[Gen.Char["abcxyz0189-_./"], 1, 16]),
        (2, Gen.String[Gen.Char["\"\\&<>+' éß€/"], 1, 8]),
        (1, Gen.String[Gen.Char["ab\u0001\t"], 1, 4]));

    /// <summary>A JSON string: escaped as System.Text.Json does by default, or with UTF-8 kept as it is.</summary>
    private static Gen<string> Json(Gen<string> text) =>
        Gen.Select(text, Gen.Bool, (t, relaxed) => relaxed ? JsonSerializer.Serialize(t, Relaxed) : JsonSerializer.Serialize(t));

    private static Gen<string?> Attribute(string name, Gen<string?> value, int absent = 1) =>
        Gen.Frequency((absent, Gen.Const((string?)null)), (6, value)).Select(v => v is null ? null : $"{Name(name)}:{v}");

    // Now and then a property name escaped (\u0069d is "id").
    private static string Name(string name) => name.Length > 2 && name.GetHashCode(StringComparison.Ordinal) % 7 == 0
        ? "\"\\u" + ((int)name[0]).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + name[1..] + "\""
        : "\"" + name + "\"";

    private static readonly Gen<string?> Data = Gen.Frequency(
        (8, Gen.Select(Json(Text), Gen.Long, Gen.Bool, (s, n, b) => (string?)$"{{\"product_id\":{s},\"version\":\"{n}\",\"active\":{(b ? "true" : "false")},\"tags\":[{s},{{\"k\":null}}]}}")),
        (1, Gen.Const((string?)"{ }")),
        (1, Gen.Const((string?)"\"not an object\"")),
        (1, Gen.Const((string?)"[1,2]")));

    private static readonly Gen<string> Time = Gen.Frequency(
        (6, Gen.Select(Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2100, 1, 1).Ticks], Gen.Int[-12, 12], Gen.Bool,
            (ticks, hours, utc) => "\"" + (utc
                ? new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture)
                : new DateTimeOffset(new DateTime(ticks), TimeSpan.FromHours(hours)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)) + "\"")),
        (1, Gen.Const("\"yesterday\"")),
        (1, Gen.Const("42")));

    private static readonly Gen<string> Event = Gen.Select(
        Gen.Select(
            Attribute("specversion", Gen.Frequency((8, Gen.Const((string?)"\"1.0\"")), (1, Gen.Const((string?)"\"0.3\"")), (1, Gen.Const((string?)"1.0")))),
            Attribute("id", Gen.Frequency((8, Json(Text).Select(s => (string?)s)), (1, Gen.Const((string?)"\"\"")), (1, Gen.Const((string?)"7")))),
            Attribute("type", Json(Text).Select(s => (string?)s)),
            Attribute("source", Gen.Frequency((8, Json(Gen.String[Gen.Char["abcxyz-_./:?#&+ é"], 1, 12]).Select(s => (string?)s)), (1, Gen.Const((string?)"\"a\\\\b\"")))),
            (spec, id, type, source) => new[] { spec, id, type, source }),
        Gen.Select(
            Attribute("subject", Gen.Frequency((8, Json(Text).Select(s => (string?)s)), (1, Gen.Const((string?)"3"))), absent: 3),
            Attribute("time", Time.Select(s => (string?)s), absent: 3),
            Attribute("traceparent", Gen.Frequency((8, Gen.Const((string?)"\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"")), (1, Gen.Const((string?)"{}"))), absent: 3),
            Attribute("datacontenttype", Gen.Int[0, 3].Select(i => (string?)new[] { "\"application/json\"", "\"Application/JSON; charset=utf-8\"", "\"text/plain\"", "5" }[i]), absent: 3),
            (subject, time, trace, contentType) => new[] { subject, time, trace, contentType }),
        Gen.Select(
            Attribute("data", Data, absent: 0),
            Gen.Frequency((12, Gen.Const((string?)null)), (1, Gen.Const((string?)"\"data_base64\":\"AAE=\"")), (1, Gen.Const((string?)"\"id\":\"again\""))),
            Gen.Frequency((4, Gen.Const((string?)null)), (1, Gen.Const((string?)"\"ext\":{\"a\":[1,\"}\"]}"))),
            (data, odd, extension) => new[] { data, odd, extension }),
        Gen.Int,
        (a, b, c, seed) => "{" + string.Join(",", Shuffled([.. a, .. b, .. c], seed)) + "}");

    private static readonly Gen<string> Entry = Gen.Select(
        Gen.Frequency((12, Gen.Int[0, 999].Select(i => (string?)$"\"entryId\":\"e{i}\"")), (1, Gen.Const((string?)"\"entryId\":\"\"")), (1, Gen.Const((string?)"\"entryId\":1")), (1, Gen.Const((string?)null))),
        Gen.Frequency((12, Event.Select(e => (string?)("\"event\":" + e))), (1, Gen.Const((string?)"\"event\":\"AAE=\"")), (1, Gen.Const((string?)null))),
        Gen.Frequency((12, Gen.Const((string?)null)), (1, Gen.Const((string?)"\"entryId\":\"twice\""))),
        Gen.Int,
        (id, evt, odd, seed) => "{" + string.Join(",", Shuffled([id, evt, odd, "\"contentType\":\"application/cloudevents+json\"", "\"metadata\":{}"], seed)) + "}");

    private static readonly Gen<string> Body = Gen.Select(
        Gen.Frequency((20, Entry), (1, Gen.Const("17"))).Array[0, 6],
        Gen.Frequency((20, Gen.Const((string?)null)), (1, Gen.Const((string?)"\"entries\":[]")), (1, Gen.Const((string?)"\"entries\":{}"))),
        Gen.Frequency((20, Gen.Const("")), (1, Gen.Const(" x")), (1, Gen.Const("\n  "))),
        Gen.Int,
        (entries, odd, trailing, seed) => "{" + string.Join(",\n", Shuffled(
            ["\"id\":\"b\"", "\"topic\":\"t\"", "\"pubsubname\":\"pubsub\"", "\"metadata\":{\"k\":\"v\"}", "\"entries\":[" + string.Join(",", entries) + "]", odd], seed)) + "}" + trailing);

    private static string?[] Shuffled(string?[] parts, int seed)
    {
        var present = parts.Where(p => p is not null).ToArray();
        new Random(seed).Shuffle(present);
        return present;
    }

    [Fact]
    public void The_one_pass_reader_gives_the_documents_entries_for_every_body()
    {
        var (inPlace, general, unreadable, notBulk) = (0, 0, 0, 0);
        Body.Sample(text =>
        {
            var body = Encoding.UTF8.GetBytes(text);
            Assert.Equal(Outcome(() => BulkReader.ReadWithDocument(body)), Outcome(() => BulkReader.Read(body)));
            var read = BulkReader.Read(body);
            Interlocked.Add(ref notBulk, read is null ? 1 : 0);
            foreach (var entry in read ?? [])
            {
                Interlocked.Increment(ref entry.Event is null ? ref unreadable : ref entry.Event.DataUtf8.IsEmpty ? ref general : ref inPlace);
            }
        }, iter: 3000);

        // Each way was taken: events read in place, events decoded the general way, unreadable entries, bodies refused.
        Assert.All(new[] { inPlace, general, unreadable, notBulk }, n => Assert.True(n > 20, $"{inPlace} in place, {general} general, {unreadable} unreadable, {notBulk} not a bulk"));
    }

    [Fact]
    public void The_bulks_the_embedded_transport_sends_are_read_in_one_pass_with_their_data_as_slices()
    {
        var events = Gen.Select(Gen.String[Gen.Char["abcé&<\"\\"], 1, 12], Gen.Long[0, 1_000_000], Gen.Bool,
            (id, version, subject) => new ReceivedEvent(
                id + version, "integration.catalog.product-changed.v1", "catalog", subject ? "product/" + id : null, DateTimeOffset.UtcNow, null,
                EventJson.Format(new Contracts.Events.V1.ProductChanged { ProductId = id, Version = version, Active = subject })));
        events.Array[1, 20].Sample(batch =>
        {
            var body = BulkDelivery.Encode("t", "pubsub", batch.Select((e, i) => ($"entry-{i}", CloudEventCodec.Encode(e))));

            var read = BulkReader.TryReadCommon(body);

            Assert.NotNull(read);
            Assert.Equal(batch.Select((e, i) => new BulkEntry($"entry-{i}", e)), read);
            Assert.All(read, entry => Assert.False(entry.Event!.DataUtf8.IsEmpty));
        });
    }

    private static string Outcome(Func<List<BulkEntry>?> read)
    {
        try
        {
            return read() is { } entries
                ? string.Join("\n", entries.Select(e => e.Event is { } evt
                    ? $"{e.EntryId}: {evt.Id}|{evt.Type}|{evt.Source}|{evt.Subject}|{evt.Time:O}|{evt.TraceParent}|{evt.DataJson}"
                    : $"{e.EntryId}: unreadable"))
                : "not a bulk";
        }
        catch (Exception ex)
        {
            return "throws " + ex.GetType().Name;
        }
    }
}
