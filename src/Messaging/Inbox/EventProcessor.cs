using System.Diagnostics;
using Integration.Messaging.DeadLetters;
using Integration.Messaging.Events;
using Integration.Messaging.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Inbox;

/// <summary>What became of one delivery.</summary>
public enum ProcessOutcome
{
    /// <summary>The handler's effects committed with the inbox record.</summary>
    Handled,

    /// <summary>Already processed by this consumer: nothing happened again.</summary>
    Duplicate,

    /// <summary>Failed; rolled back; the transport should deliver it again later.</summary>
    Retry,

    /// <summary>Failed for good (or too often); parked as a dead letter here, so the transport can stop.</summary>
    Parked,
}

/// <summary>
/// Runs a handler exactly once per (consumer, event id): the inbox record and the handler's effects
/// share one transaction; failures roll back, are counted, and park the event after the limit.
/// </summary>
public sealed partial class EventProcessor<TContext>(
    IServiceScopeFactory scopes, IOptions<MessagingOptions> options, TimeProvider clock, SqliteWriteGate writeGate,
    ILogger<EventProcessor<TContext>> logger)
    : IEventProcessor
    where TContext : DbContext
{
    public async Task<ProcessOutcome> ProcessAsync(ReceivedEvent evt, HandlerRegistration handler, CancellationToken ct)
    {
        using var activity = MessagingTelemetry.Start($"process {evt.Type}", ActivityKind.Consumer, evt.TraceParent, evt.Type, evt.Id);
        activity?.SetTag("messaging.consumer.group.name", handler.Consumer);

        Google.Protobuf.IMessage message;
        try
        {
            message = handler.ParseData(evt);
        }
        catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or FormatException or System.Text.Json.JsonException)
        {
            // No retry can make the data readable.
            return await RecordFailureAsync(evt, handler, $"unreadable {evt.Type} data: {ex.Message}", ex, permanent: true, ct);
        }

        var context = new EventContext(evt.Id, evt.Type, evt.Source, evt.Subject, evt.Time);
        try
        {
            var prior = await RunOnceAsync(evt, handler, message, context, ct);
            if (prior == Prior.Processed)
            {
                MessagingTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", handler.Consumer));
                LogDuplicate(logger, evt.Id, evt.Type, handler.Consumer);
                return ProcessOutcome.Duplicate;
            }

            if (prior == Prior.Parked)
            {
                // Parked until an operator replays it: a redelivery (Dapr's, or a publisher's retry) must
                // neither run the handler again nor park a second copy; acknowledging it stops the retries.
                LogStillParked(logger, evt.Id, evt.Type, handler.Consumer);
                return ProcessOutcome.Parked;
            }

            MessagingTelemetry.Handled.Add(1, new KeyValuePair<string, object?>("consumer", handler.Consumer));
            return ProcessOutcome.Handled;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            if (await AlreadyProcessedAsync(evt, handler, ct))
            {
                // A concurrent delivery of the same event committed first; ours lost on the inbox key.
                MessagingTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", handler.Consumer));
                LogDuplicate(logger, evt.Id, evt.Type, handler.Consumer);
                return ProcessOutcome.Duplicate;
            }

            return await RecordFailureAsync(evt, handler, Describe(ex), ex, ex is PermanentEventFailureException, ct);
        }
    }

    /// <summary>What this consumer already did with the event before this delivery.</summary>
    private enum Prior
    {
        None,
        Processed,
        Parked,
    }

    private async Task<Prior> RunOnceAsync(ReceivedEvent evt, HandlerRegistration handler, Google.Protobuf.IMessage message, EventContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();

        // Read before taking the write lock: a redelivery of a handled or parked event costs no write
        // transaction. The checks are repeated inside it (cheap index lookups), so a concurrent delivery that
        // committed meanwhile is still seen; the inbox key is the last line of defence.
        var known = await InboxState.ReadAsync(db, handler.Consumer, [evt.Id], ct);
        if (known.Processed.Contains(evt.Id))
        {
            return Prior.Processed;
        }

        if (known.Parked.Contains(evt.Id))
        {
            return Prior.Parked;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        using var gate = await writeGate.EnterAsync(db, ct);
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Set<InboxRecord>().AnyAsync(r => r.Consumer == handler.Consumer && r.EventId == evt.Id, ct))
            {
                return Prior.Processed;
            }

            if (await ParkedQuery(db, evt, handler).AnyAsync(ct))
            {
                return Prior.Parked;
            }

            db.Set<InboxRecord>().Add(new InboxRecord
            {
                Consumer = handler.Consumer, EventId = evt.Id, Type = evt.Type, ProcessedAt = clock.GetUtcNow().UtcDateTime,
            });
            await handler.Invoke(scope.ServiceProvider, message, context, ct);
            await SaveWithoutSavepointAsync(db, ct);
            if (known.Failing.Contains(evt.Id))
            {
                // Only an event that failed before has a counter to clear; a failure recorded between the read
                // above and this transaction leaves a stale counter that nothing reads once the event is in the inbox.
                await db.Set<InboxFailure>().Where(f => f.Consumer == handler.Consumer && f.EventId == evt.Id).ExecuteDeleteAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return Prior.None;
        });
    }

    private static IQueryable<DeadLetter> ParkedQuery(TContext db, ReceivedEvent evt, HandlerRegistration handler) =>
        db.Set<DeadLetter>().Where(d => (d.Kind == DeadLetter.KindHandle || d.Kind == DeadLetter.KindDelivery) && d.Status == DeadLetter.StatusParked
            && d.Consumer == handler.Consumer && d.EventId == evt.Id);

    private async Task<bool> AlreadyProcessedAsync(ReceivedEvent evt, HandlerRegistration handler, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Set<InboxRecord>().AnyAsync(r => r.Consumer == handler.Consumer && r.EventId == evt.Id, ct);
    }

    /// <summary>
    /// Counts a failed attempt and parks the event when it was the last one, in one transaction, so
    /// concurrent deliveries of one event count one by one and park it once, and the failure count
    /// and the dead letter never both exist (nor neither).
    /// </summary>
    private async Task<ProcessOutcome> RecordFailureAsync(
        ReceivedEvent evt, HandlerRegistration handler, string error, Exception ex, bool permanent, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        using var gate = await writeGate.EnterAsync(db, ct);
        var (outcome, attempts) = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await ParkedQuery(db, evt, handler).AnyAsync(ct))
            {
                // A concurrent delivery of the same event parked it while this one failed.
                return (ProcessOutcome.Parked, 0);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var failure = await db.Set<InboxFailure>().SingleOrDefaultAsync(f => f.Consumer == handler.Consumer && f.EventId == evt.Id, ct);
            if (failure is null)
            {
                failure = new InboxFailure { Consumer = handler.Consumer, EventId = evt.Id, FirstFailedAt = now };
                db.Set<InboxFailure>().Add(failure);
            }

            failure.Attempts++;
            failure.LastError = error;
            failure.LastFailedAt = now;
            var park = permanent || failure.Attempts >= options.Value.MaxHandleAttempts;
            if (park)
            {
                db.Set<InboxFailure>().Remove(failure);
                db.Set<DeadLetter>().Add(DeadLetter.Park(DeadLetter.KindHandle, evt, error, failure.Attempts, now, consumer: handler.Consumer));
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (park ? ProcessOutcome.Parked : ProcessOutcome.Retry, failure.Attempts);
        });

        if (outcome == ProcessOutcome.Retry)
        {
            MessagingTelemetry.HandleRetries.Add(1, new KeyValuePair<string, object?>("consumer", handler.Consumer));
            LogRetry(logger, evt.Id, evt.Type, handler.Consumer, attempts, ex);
        }
        else if (attempts == 0)
        {
            LogStillParked(logger, evt.Id, evt.Type, handler.Consumer);
        }
        else
        {
            MessagingTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("consumer", handler.Consumer));
            LogParked(logger, evt.Id, evt.Type, handler.Consumer, attempts, error);
        }

        return outcome;
    }

    private static string Describe(Exception ex)
    {
        var text = $"{ex.GetType().Name}: {ex.Message}";
        if (ex.InnerException is { } inner)
        {
            text += $" ({inner.GetType().Name}: {inner.Message})";
        }

        return text.Length > 4000 ? text[..4000] : text;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({Type}) already processed by {Consumer}: redelivery ignored")]
    private static partial void LogDuplicate(ILogger logger, string eventId, string type, string consumer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({Type}) is parked as a dead letter of {Consumer}: redelivery acknowledged, handler not run")]
    private static partial void LogStillParked(ILogger logger, string eventId, string type, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} ({Type}) failed in {Consumer} on attempt {Attempt}; rolled back for redelivery")]
    private static partial void LogRetry(ILogger logger, string eventId, string type, string consumer, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({Type}) parked as a dead letter of {Consumer} after {Attempts} attempts: {Error}")]
    private static partial void LogParked(ILogger logger, string eventId, string type, string consumer, int attempts, string error);
}

/// <summary>The processor, without its DbContext type (for endpoints and the admin service).</summary>
public interface IEventProcessor
{
    Task<ProcessOutcome> ProcessAsync(ReceivedEvent evt, HandlerRegistration handler, CancellationToken ct);

    /// <summary>
    /// A bulk delivery: the events' outcomes in their order. Handled in one transaction; when that fails, one by
    /// one, and an event whose earlier sibling (same subject, i.e. aggregate) must be retried is retried unhandled.
    /// </summary>
    Task<IReadOnlyList<ProcessOutcome>> ProcessBulkAsync(IReadOnlyList<ReceivedEvent> events, HandlerRegistration handler, CancellationToken ct);
}
