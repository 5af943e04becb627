using System.Text;

namespace Integration.Messaging.Events;

/// <summary>A CloudEvent as a consumer received it, whichever transport delivered it.</summary>
/// <param name="Id">CloudEvent id, stable across redeliveries.</param>
/// <param name="Type">CloudEvent type, e.g. integration.catalog.product-changed.v1.</param>
/// <param name="Source">The producing service.</param>
/// <param name="Subject">The aggregate the event is about.</param>
/// <param name="Time">When the producer recorded it.</param>
/// <param name="TraceParent">W3C traceparent of the publish span, if any.</param>
/// <param name="DataJson">The protobuf JSON data.</param>
public sealed record ReceivedEvent(
    string Id, string Type, string Source, string? Subject, DateTimeOffset? Time, string? TraceParent, string DataJson)
{
    private string? _dataJson = DataJson;

    /// <summary>
    /// An event whose data is still the UTF-8 JSON it arrived as (a slice of a bulk delivery's body): a handler's own
    /// reader takes the bytes, and no string is made of them unless <see cref="DataJson"/> is read. The bytes belong to
    /// the delivery; they are valid while it is processed.
    /// </summary>
    internal ReceivedEvent(string id, string type, string source, string? subject, DateTimeOffset? time, string? traceParent, ReadOnlyMemory<byte> dataUtf8)
        : this(id, type, source, subject, time, traceParent, DataJson: null!)
    {
        DataUtf8 = dataUtf8;
    }

    /// <summary>The protobuf JSON data.</summary>
    public string DataJson
    {
        get => _dataJson ??= Encoding.UTF8.GetString(DataUtf8.Span);
        init => _dataJson = value;
    }

    /// <summary>The data as the UTF-8 it arrived as; empty when it came as text (<see cref="DataJson"/>).</summary>
    internal ReadOnlyMemory<byte> DataUtf8 { get; }

    // Equal as events (same attributes and data text), however the data is held.
    public bool Equals(ReceivedEvent? other) =>
        other is not null
        && Id == other.Id && Type == other.Type && Source == other.Source && Subject == other.Subject && Time == other.Time
        && TraceParent == other.TraceParent && DataJson == other.DataJson;

    public override int GetHashCode() => HashCode.Combine(Id, Type, Source, Subject, Time, TraceParent, DataJson);
}
