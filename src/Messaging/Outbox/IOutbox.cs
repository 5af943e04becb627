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

internal sealed class Outbox<TContext>(TContext db, TimeProvider clock) : IOutbox
    where TContext : DbContext
{
    public string Enqueue(IMessage evt, string aggregateKey)
    {
        var row = OutboxMessage.For(evt, aggregateKey, clock.GetUtcNow().UtcDateTime);
        db.Set<OutboxMessage>().Add(row);
        // The commit that carries it wakes the dispatcher (OutboxCommitInterceptor); on SQLite it is written by
        // OutboxDirectInsert rather than EF's command batch.
        OutboxWrites.Mark(db);
        OutboxDirectInsert.Track(db, row);
        return row.EventId;
    }
}
