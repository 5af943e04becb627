using System.Diagnostics;
using Google.Protobuf;
using Integration.Messaging.Events;

namespace Integration.Messaging.Outbox;

/// <summary>
/// An event recorded in the service's own database in the same transaction as the change it
/// describes; the dispatcher publishes it afterwards. Never deleted before it is published.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Insertion order; publication follows it per aggregate.</summary>
    public long Id { get; set; }

    /// <summary>CloudEvent id: unique, and the same on every redelivery.</summary>
    public required string EventId { get; set; }

    /// <summary>CloudEvent type, also the topic.</summary>
    public required string Type { get; set; }

    /// <summary>The aggregate (CloudEvent subject) whose events must stay in order, e.g. "order/123".</summary>
    public required string AggregateKey { get; set; }

    /// <summary>Protobuf JSON of the event.</summary>
    public required string Data { get; set; }

    /// <summary>W3C traceparent of the span that recorded the event.</summary>
    public string? TraceParent { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>Which dispatcher batch holds the row, until <see cref="LeaseUntil"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime? PublishedAt { get; set; }

    /// <summary>Set when the row was parked as a dead letter after too many failed attempts.</summary>
    public DateTime? DeadLetteredAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// The row <see cref="IOutbox.Enqueue"/> records for <paramref name="evt"/>, for a caller that stores rows itself
    /// (batched inserts in its own transaction). The trace is the current span's.
    /// </summary>
    public static OutboxMessage For(IMessage evt, string aggregateKey, DateTime utcNow) =>
        For(evt, aggregateKey, utcNow, Activity.Current?.Id);

    /// <summary>As <see cref="For(IMessage, string, DateTime)"/>, traced to <paramref name="traceParent"/> (the request that caused it).</summary>
    public static OutboxMessage For(IMessage evt, string aggregateKey, DateTime utcNow, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return Row(evt, aggregateKey, utcNow, traceParent, EventJson.Format(evt));
    }

    /// <summary>
    /// As <see cref="For(IMessage, string, DateTime)"/>, with the data written by <paramref name="format"/>: a hot path's own
    /// writer that must give exactly <see cref="EventJson.Format"/>'s text (each such writer has a property test for it).
    /// </summary>
    public static OutboxMessage For<TEvent>(TEvent evt, string aggregateKey, DateTime utcNow, Func<TEvent, string> format)
        where TEvent : IMessage
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(format);
        return Row(evt, aggregateKey, utcNow, Activity.Current?.Id, format(evt));
    }

    private static OutboxMessage Row(IMessage evt, string aggregateKey, DateTime utcNow, string? traceParent, string data) => new()
    {
        EventId = Guid.CreateVersion7().ToString("N"),
        Type = EventTypes.Of(evt),
        AggregateKey = aggregateKey,
        Data = data,
        TraceParent = traceParent,
        CreatedAt = utcNow,
        NextAttemptAt = utcNow,
    };
}
