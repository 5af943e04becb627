using System.Diagnostics;
using Google.Protobuf;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;

namespace Integration.Order.Events;

/// <summary>
/// An outbox row built ahead of the transaction that stores it, with exactly the values <see cref="IOutbox.Enqueue"/>
/// gives one: for the SQLite group commit, which inserts it with the order's own rows (same transaction).
/// </summary>
internal sealed record OutboxRow(string EventId, string Type, string AggregateKey, string Data, string? TraceParent, DateTime CreatedAt)
{
    public static OutboxRow For(IMessage evt, string aggregateKey, DateTime utcNow) =>
        new(Guid.CreateVersion7().ToString("N"), EventTypes.Of(evt), aggregateKey, EventJson.Format(evt), Activity.Current?.Id, utcNow);

}
