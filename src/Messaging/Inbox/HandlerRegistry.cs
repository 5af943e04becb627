using System.Buffers;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Integration.Messaging.Events;

namespace Integration.Messaging.Inbox;

/// <summary>One mapped handler: its consumer name (the inbox key), its event type and how to call it.</summary>
public sealed record HandlerRegistration(
    string Consumer, string Type, string Route, MessageDescriptor Descriptor,
    Func<IServiceProvider, IMessage, EventContext, CancellationToken, Task> Invoke)
{
    /// <summary>Calls the handler with a whole bulk when it implements <see cref="IBulkEventHandler{TEvent}"/>; null otherwise.</summary>
    public Func<IServiceProvider, IReadOnlyList<(IMessage Message, EventContext Context)>, CancellationToken, Task>? InvokeBulk { get; init; }

    /// <summary>The handler's own reader of its event data (<see cref="EventHandlerOptions.Parse"/>); null: the general parser.</summary>
    public EventDataParser? Parse { get; init; }

    /// <summary>The event's data as this handler's message, by its own reader when it has one.</summary>
    public IMessage ParseData(ReceivedEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (Parse is not { } parse)
        {
            return EventJson.Parse(evt.DataJson, Descriptor);
        }

        if (!evt.DataUtf8.IsEmpty)
        {
            return parse(evt.DataUtf8.Span, Descriptor);
        }

        // Data that came as text (a single delivery, a dead letter): the reader wants UTF-8.
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(evt.DataJson.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(evt.DataJson, rented);
            return parse(rented.AsSpan(0, length), Descriptor);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>The handlers this service maps, by consumer name (replay of a dead letter finds its handler here).</summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, HandlerRegistration> _byConsumer = new(StringComparer.Ordinal);

    public IReadOnlyCollection<HandlerRegistration> All => _byConsumer.Values;

    public void Add(HandlerRegistration registration)
    {
        if (!_byConsumer.TryAdd(registration.Consumer, registration))
        {
            throw new InvalidOperationException($"consumer {registration.Consumer} is mapped twice");
        }
    }

    public HandlerRegistration? Find(string consumer) => _byConsumer.GetValueOrDefault(consumer);

    private int _deadLetterRouteClaimed;

    /// <summary>True the first time only: the dead-letter topic's route is mapped once per app.</summary>
    internal bool TryClaimDeadLetterRoute() => Interlocked.Exchange(ref _deadLetterRouteClaimed, 1) == 0;
}
