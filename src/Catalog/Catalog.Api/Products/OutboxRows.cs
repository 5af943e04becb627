using System.Diagnostics;
using Google.Protobuf;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;

namespace Integration.Catalog.Products;

/// <summary>An outbox row with exactly the values <see cref="IOutbox.Enqueue"/> gives one, for a caller that stores it itself.</summary>
internal static class OutboxRows
{
    public static OutboxMessage For(IMessage evt, string aggregateKey, DateTime utcNow) => new()
    {
        EventId = Guid.CreateVersion7().ToString("N"),
        Type = EventTypes.Of(evt),
        AggregateKey = aggregateKey,
        Data = EventJson.Format(evt),
        TraceParent = Activity.Current?.Id,
        CreatedAt = utcNow,
        NextAttemptAt = utcNow,
    };
}
