using System.Diagnostics;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;
using Integration.Messaging.Storage;
using Integration.Messaging.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Integration.Messaging.Inbox;

/// <summary>Bulk deliveries: many events, one transaction, the same once-only and failure rules as one by one.</summary>
public sealed partial class EventProcessor<TContext>
{
    public async Task<IReadOnlyList<ProcessOutcome>> ProcessBulkAsync(IReadOnlyList<ReceivedEvent> events, HandlerRegistration handler, CancellationToken ct)
    {
        var outcomes = new ProcessOutcome[events.Count];
        var messages = new Google.Protobuf.IMessage?[events.Count];
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var copies = new List<(int Index, int First)>();
        var unreadable = new List<int>();
        var candidates = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            if (!firstOf.TryAdd(events[i].Id, i))
            {
                // The same event twice in one bulk: the second copy shares the first one's fate.
                copies.Add((i, firstOf[events[i].Id]));
                continue;
            }

            try
            {
                messages[i] = handler.ParseData(events[i]);
                candidates.Add(i);
            }
            catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or FormatException or System.Text.Json.JsonException)
            {
                unreadable.Add(i);
            }
        }

        InboxState known;
        await using (var scope = scopes.CreateAsyncScope())
        {
            known = await InboxState.ReadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), handler.Consumer, candidates.Select(i => events[i].Id).ToList(), ct);
        }

        var toRun = new List<int>();
        foreach (var i in candidates)
        {
            if (known.Processed.Contains(events[i].Id))
            {
                outcomes[i] = CountDuplicate(events[i], handler);
            }
            else if (known.Parked.Contains(events[i].Id))
            {
                LogStillParked(logger, events[i].Id, events[i].Type, handler.Consumer);
                outcomes[i] = ProcessOutcome.Parked;
            }
            else
            {
                toRun.Add(i);
            }
        }

        if (toRun.Count > 0)
        {
            try
            {
                await RunBulkAsync(events, messages, toRun, handler, known, outcomes, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One event spoiled the transaction (or the database refused it): handle them one by one, so a poison
                // event gets its own retries and dead letter and the others commit. An event whose earlier sibling of
                // the same aggregate must be retried is retried too, unhandled, so it cannot overtake it.
                LogBulkFellBack(logger, toRun.Count, handler.Consumer, ex);
                var blocked = new HashSet<string>(StringComparer.Ordinal);
                foreach (var i in toRun)
                {
                    if (events[i].Subject is { } subject && blocked.Contains(subject))
                    {
                        outcomes[i] = ProcessOutcome.Retry;
                        continue;
                    }

                    outcomes[i] = await ProcessAsync(events[i], handler, ct);
                    if (outcomes[i] == ProcessOutcome.Retry && events[i].Subject is { } failed)
                    {
                        blocked.Add(failed);
                    }
                }
            }
        }

        foreach (var i in unreadable)
        {
            // Parked at once as unreadable; the one-by-one path says why.
            outcomes[i] = await ProcessAsync(events[i], handler, ct);
        }

        foreach (var (index, first) in copies)
        {
            outcomes[index] = outcomes[first] is ProcessOutcome.Handled or ProcessOutcome.Duplicate
                ? CountDuplicate(events[index], handler)
                : outcomes[first];
        }

        return outcomes;
    }

    private async Task RunBulkAsync(
        IReadOnlyList<ReceivedEvent> events, Google.Protobuf.IMessage?[] messages, List<int> toRun, HandlerRegistration handler,
        InboxState known, ProcessOutcome[] outcomes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        using var gate = await writeGate.EnterAsync(db, ct);
        var decided = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var result = new Dictionary<int, ProcessOutcome>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = toRun.Select(i => events[i].Id).ToList();
            // Repeated under the write lock: a concurrent delivery may have committed or parked since the read.
            var current = await InboxState.ReadAsync(db, handler.Consumer, ids, failing: false, ct);
            var processed = current.Processed;
            var parked = current.Parked;
            var now = clock.GetUtcNow().UtcDateTime;
            if (handler.InvokeBulk is { } invokeBulk)
            {
                await RunWholeBulkAsync(db, scope.ServiceProvider, invokeBulk, events, messages, toRun, handler, processed, parked, now, result, ct);
            }

            var each = new List<int>(toRun.Count);
            foreach (var i in toRun.Where(i => !result.ContainsKey(i)))
            {
                if (processed.Contains(events[i].Id) || parked.Contains(events[i].Id))
                {
                    result[i] = processed.Contains(events[i].Id) ? ProcessOutcome.Duplicate : ProcessOutcome.Parked;
                }
                else
                {
                    each.Add(i);
                }
            }

            // The inbox records of the whole bulk as one batch (EF would insert and track them one by one, inside each
            // handler's SaveChanges); they share the transaction, so a failing handler still rolls them all back.
            await BatchInsert.InsertAsync(db, each.Select(i => new InboxRecord { Consumer = handler.Consumer, EventId = events[i].Id, Type = events[i].Type, ProcessedAt = now }).ToList(), ct);
            foreach (var i in each)
            {
                var evt = events[i];

                // One span per event, as one by one (the commit they share follows the loop).
                using var activity = MessagingTelemetry.Start($"process {evt.Type}", ActivityKind.Consumer, evt.TraceParent, evt.Type, evt.Id);
                activity?.SetTag("messaging.consumer.group.name", handler.Consumer);
                activity?.SetTag("messaging.batch.message_count", toRun.Count);
                try
                {
                    await handler.Invoke(scope.ServiceProvider, messages[i]!, new EventContext(evt.Id, evt.Type, evt.Source, evt.Subject, evt.Time), ct);
                    // Saved per event (still uncommitted), so the next handler reads what this one wrote, as it would one by one;
                    // then forgotten, so the next handler starts from a clean context as one by one, and each save checks
                    // only its own event's entities (kept tracked, every save would scan all the bulk's so far).
                    await SaveWithoutSavepointAsync(db, ct);
                    db.ChangeTracker.Clear();
                }
                catch (Exception ex)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    throw;
                }

                result[i] = ProcessOutcome.Handled;
            }

            var cleared = toRun.Where(i => result[i] == ProcessOutcome.Handled && known.Failing.Contains(events[i].Id)).Select(i => events[i].Id).ToList();
            if (cleared.Count > 0)
            {
                await db.Set<InboxFailure>().Where(f => f.Consumer == handler.Consumer && cleared.Contains(f.EventId)).ExecuteDeleteAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return result;
        });

        foreach (var (i, outcome) in decided)
        {
            outcomes[i] = outcome switch
            {
                ProcessOutcome.Duplicate => CountDuplicate(events[i], handler),
                _ => outcome,
            };
            if (outcome == ProcessOutcome.Parked)
            {
                LogStillParked(logger, events[i].Id, events[i].Type, handler.Consumer);
            }
        }

        var handled = decided.Values.Count(o => o == ProcessOutcome.Handled);
        MessagingTelemetry.Handled.Add(handled, new KeyValuePair<string, object?>("consumer", handler.Consumer));
    }

    /// <summary>
    /// A handler that takes the whole bulk: every new event's inbox record and the handler's effects in one go, its staged
    /// outbox rows written as one batch (EF would insert and track them one by one), then one SaveChanges for the rest.
    /// </summary>
    private static async Task RunWholeBulkAsync(
        TContext db, IServiceProvider services, Func<IServiceProvider, IReadOnlyList<(Google.Protobuf.IMessage, EventContext)>, CancellationToken, Task> invokeBulk,
        IReadOnlyList<ReceivedEvent> events, Google.Protobuf.IMessage?[] messages, List<int> toRun, HandlerRegistration handler,
        IReadOnlySet<string> processed, IReadOnlySet<string> parked, DateTime now, Dictionary<int, ProcessOutcome> result, CancellationToken ct)
    {
        var run = new List<int>(toRun.Count);
        foreach (var i in toRun)
        {
            if (processed.Contains(events[i].Id) || parked.Contains(events[i].Id))
            {
                result[i] = processed.Contains(events[i].Id) ? ProcessOutcome.Duplicate : ProcessOutcome.Parked;
            }
            else
            {
                run.Add(i);
            }
        }

        if (run.Count == 0)
        {
            return;
        }

        // One span per event, as one by one; they all cover the one handler call and commit they share.
        var activities = new List<Activity>(run.Count);
        var outer = Activity.Current;
        try
        {
            foreach (var i in run)
            {
                if (MessagingTelemetry.Start($"process {events[i].Type}", ActivityKind.Consumer, events[i].TraceParent, events[i].Type, events[i].Id) is { } activity)
                {
                    activity.SetTag("messaging.consumer.group.name", handler.Consumer);
                    activity.SetTag("messaging.batch.message_count", run.Count);
                    activities.Add(activity);
                }

                // Siblings, not each other's children; the handler runs under the delivery's span.
                Activity.Current = outer;
            }

            await BatchInsert.InsertAsync(db, run.Select(i => new InboxRecord { Consumer = handler.Consumer, EventId = events[i].Id, Type = events[i].Type, ProcessedAt = now }).ToList(), ct);
            await invokeBulk(services, run.Select(i => (messages[i]!, new EventContext(events[i].Id, events[i].Type, events[i].Source, events[i].Subject, events[i].Time))).ToList(), ct);
            var outbox = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).ToList();
            await BatchInsert.InsertAsync(db, outbox.Select(e => e.Entity).ToList(), ct);
            foreach (var entry in outbox)
            {
                entry.State = EntityState.Detached;
            }

            await SaveWithoutSavepointAsync(db, ct);
            db.ChangeTracker.Clear();
        }
        catch (Exception ex)
        {
            foreach (var activity in activities)
            {
                activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            }

            throw;
        }
        finally
        {
            foreach (var activity in activities)
            {
                activity.Dispose();
            }

            Activity.Current = outer;
        }

        foreach (var i in run)
        {
            result[i] = ProcessOutcome.Handled;
        }
    }

    /// <summary>
    /// SaveChanges inside our own transaction, without the savepoint EF wraps it in there (a SAVEPOINT and a RELEASE
    /// statement per save): if it fails the whole transaction is rolled back, so there is nothing to roll back to.
    /// Only around our save; a handler's own saves keep theirs.
    /// </summary>
    internal static async Task SaveWithoutSavepointAsync(DbContext db, CancellationToken ct)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    private ProcessOutcome CountDuplicate(ReceivedEvent evt, HandlerRegistration handler)
    {
        MessagingTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", handler.Consumer));
        LogDuplicate(logger, evt.Id, evt.Type, handler.Consumer);
        return ProcessOutcome.Duplicate;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A bulk of {Count} events for {Consumer} failed as a whole; handling them one by one")]
    private static partial void LogBulkFellBack(ILogger logger, int count, string consumer, Exception exception);
}
