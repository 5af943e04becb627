using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Integration.Messaging.Inbox;

/// <summary>One mapped handler: its consumer name (the inbox key), its event type and how to call it.</summary>
public sealed record HandlerRegistration(
    string Consumer, string Type, string Route, MessageDescriptor Descriptor,
    Func<IServiceProvider, IMessage, EventContext, CancellationToken, Task> Invoke)
{
    /// <summary>Calls the handler with a whole bulk when it implements <see cref="IBulkEventHandler{TEvent}"/>; null otherwise.</summary>
    public Func<IServiceProvider, IReadOnlyList<(IMessage Message, EventContext Context)>, CancellationToken, Task>? InvokeBulk { get; init; }
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
