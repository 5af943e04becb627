using System.Diagnostics;
using Google.Protobuf;
using Integration.Messaging.Events;
using Microsoft.EntityFrameworkCore;

namespace Integration.Messaging.Outbox;

/// <summary>Records events in the service's own DbContext; they commit (or roll back) with its next SaveChanges.</summary>
public interface IOutbox
{
    /// <summary>Adds <paramref name="evt"/> for publication. <paramref name="aggregateKey"/> orders it among its siblings.</summary>
    /// <returns>The CloudEvent id.</returns>
    string Enqueue(IMessage evt, string aggregateKey);
}

internal sealed class Outbox<TContext>(TContext db, OutboxSignal signal, TimeProvider clock) : IOutbox
    where TContext : DbContext
{
    private bool _subscribed;

    public string Enqueue(IMessage evt, string aggregateKey)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7().ToString("N");
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            EventId = id,
            Type = EventTypes.Of(evt),
            AggregateKey = aggregateKey,
            Data = EventJson.Format(evt),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        if (!_subscribed)
        {
            // Without an explicit transaction SaveChanges commits, so this is the moment to wake the
            // dispatcher; inside one, the event processor notifies again after its commit.
            db.SavedChanges += (_, _) => signal.Notify();
            _subscribed = true;
        }

        return id;
    }
}
