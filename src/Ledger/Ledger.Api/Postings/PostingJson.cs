using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Integration.Ledger.Postings;

/// <summary>
/// The order row's JSON (rules state and recorded facts), read and written for every fact: source-generated, so no
/// reflection per call. Property names and shapes are those of the reflection serializer it replaced, so rows written
/// before read the same.
/// </summary>
[JsonSerializable(typeof(OrderState))]
[JsonSerializable(typeof(RecordedFact))]
[JsonSerializable(typeof(List<RecordedFact>))]
internal sealed partial class PostingJson : JsonSerializerContext
{
    /// <summary>
    /// Relaxed escaping: a fact's data is JSON kept as a JSON string, and the default encoder wrote each of its quotes as
    /// \u0022 (six bytes), growing every order row that is read and rewritten per fact. The text never goes into HTML.
    /// </summary>
    private static readonly PostingJson Relaxed = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static JsonTypeInfo<OrderState> State => Relaxed.OrderState;

    public static JsonTypeInfo<RecordedFact> Fact => Relaxed.RecordedFact;

    public static JsonTypeInfo<List<RecordedFact>> Facts => Relaxed.ListRecordedFact;
}
