using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;

namespace Integration.Messaging.Bench;

/// <summary>The consumer's effect: one row in its own database, in the inbox transaction.</summary>
public sealed class RecordingHandler(BenchDbContext db, Probe probe) : IEventHandler<ProductChanged>
{
    public Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        db.Facts.Add(new Fact { Key = context.EventId });
        // Measured before the commit that follows; the commit itself is part of the next event's wait.
        probe.HandledNow(context.EventId);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The same effect, taking a bulk's events in one call (IBulkEventHandler, as the Ledger's posting handlers): one
/// SaveChanges per bulk instead of one per event. Only with --bulk-handler, a figure next to the default one.
/// </summary>
public sealed class RecordingBulkHandler(BenchDbContext db, Probe probe) : IBulkEventHandler<ProductChanged>
{
    public Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        db.Facts.Add(new Fact { Key = context.EventId });
        probe.HandledNow(context.EventId);
        return Task.CompletedTask;
    }

    public Task HandleBulkAsync(IReadOnlyList<BulkEvent<ProductChanged>> events, CancellationToken ct)
    {
        foreach (var (_, context) in events)
        {
            db.Facts.Add(new Fact { Key = context.EventId });
            probe.HandledNow(context.EventId);
        }

        return Task.CompletedTask;
    }
}
