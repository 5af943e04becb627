using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Integration.Contracts.Events.V1;

namespace Integration.Messaging.Events;

/// <summary>
/// The event catalogue: every message in <c>integration.events.v1</c> carrying the <c>event_type</c>
/// option, keyed by that CloudEvents type (which is also its topic).
/// </summary>
public static class EventTypes
{
    private static readonly FrozenDictionary<string, MessageDescriptor> ByType = Discover()
        .ToFrozenDictionary(d => TypeOf(d), StringComparer.Ordinal);

    // Reading the option clones the descriptor's options on every call (Google.Protobuf's GetOptions): once per
    // enqueued event otherwise.
    private static readonly FrozenDictionary<MessageDescriptor, string> ByDescriptor = ByType.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>Every known event type.</summary>
    public static IEnumerable<string> All => ByType.Keys;

    /// <summary>The CloudEvents type of <typeparamref name="TEvent"/>.</summary>
    public static string Of<TEvent>() where TEvent : IMessage<TEvent>, new() => TypeOf(new TEvent().Descriptor);

    /// <summary>The CloudEvents type of a message instance.</summary>
    public static string Of(IMessage message) =>
        ByDescriptor.TryGetValue(message.Descriptor, out var type) ? type : TypeOf(message.Descriptor);

    /// <summary>The descriptor registered for <paramref name="type"/>, or null.</summary>
    public static MessageDescriptor? Find(string type) => ByType.GetValueOrDefault(type);

    private static string TypeOf(MessageDescriptor descriptor) =>
        descriptor.GetOptions()?.GetExtension(OptionsExtensions.EventType) is { Length: > 0 } type
            ? type
            : throw new InvalidOperationException($"{descriptor.FullName} is not an event: it has no (integration.events.v1.event_type) option");

    private static IEnumerable<MessageDescriptor> Discover() =>
        new[]
        {
            CatalogEventsReflection.Descriptor, InventoryEventsReflection.Descriptor,
            OrderEventsReflection.Descriptor, LedgerEventsReflection.Descriptor,
        }
        .SelectMany(file => file.MessageTypes)
        .Where(d => d.GetOptions()?.HasExtension(OptionsExtensions.EventType) == true);
}
