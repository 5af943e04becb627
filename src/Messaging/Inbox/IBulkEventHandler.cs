using Google.Protobuf;

namespace Integration.Messaging.Inbox;

/// <summary>
/// A handler that can also take a bulk delivery's events in one call (mapped with <see cref="EventHandlerOptions.Bulk"/>):
/// they run in one transaction with their inbox records, so the handler can read and write what they share once
/// (one query for many aggregates, batched inserts) instead of once per event. The events come in delivery order;
/// a failure rolls all of them back and the processor handles them one by one through <see cref="IEventHandler{TEvent}.HandleAsync"/>,
/// which must have the same effects.
/// </summary>
public interface IBulkEventHandler<TEvent> : IEventHandler<TEvent>
    where TEvent : IMessage
{
    Task HandleBulkAsync(IReadOnlyList<BulkEvent<TEvent>> events, CancellationToken ct);
}

/// <summary>One event of a bulk and what a handler knows of it besides its data.</summary>
public sealed record BulkEvent<TEvent>(TEvent Event, EventContext Context)
    where TEvent : IMessage;
