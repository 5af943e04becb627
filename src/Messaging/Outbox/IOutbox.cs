using Google.Protobuf;
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
        var row = OutboxMessage.For(evt, aggregateKey, clock.GetUtcNow().UtcDateTime);
        db.Set<OutboxMessage>().Add(row);
        if (!_subscribed)
        {
            // Without an explicit transaction SaveChanges commits, so this is the moment to wake the
            // dispatcher; inside one, the event processor notifies again after its commit.
            db.SavedChanges += (_, _) => signal.Notify();
            _subscribed = true;
        }

        return row.EventId;
    }
}
