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
    string Id, string Type, string Source, string? Subject, DateTimeOffset? Time, string? TraceParent, string DataJson);
