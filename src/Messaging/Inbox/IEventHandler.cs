using Google.Protobuf;

namespace Integration.Messaging.Inbox;

/// <summary>
/// Handles one event type. Runs inside a transaction on the service's DbContext together with the
/// inbox record, so its effects happen once; throw to roll back and have the event redelivered.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : IMessage
{
    Task HandleAsync(TEvent evt, EventContext context, CancellationToken ct);
}

/// <summary>What a handler knows of the event besides its data.</summary>
public sealed record EventContext(string EventId, string Type, string Source, string? Subject, DateTimeOffset? Time);

/// <summary>Thrown by a handler for a failure no retry can fix: the event is parked as a dead letter at once.</summary>
public sealed class PermanentEventFailureException(string message, Exception? inner = null) : Exception(message, inner);
