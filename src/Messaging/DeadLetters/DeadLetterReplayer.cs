using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Telemetry;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Integration.Messaging.DeadLetters;

/// <summary>A dead letter that passed every check, with what its replay needs.</summary>
internal sealed record ReplayPlan(DeadLetter Letter, HandlerRegistration? Handler, ReceivedEvent? Event);

/// <summary>
/// Sends parked messages through again, the way they failed: a publish dead letter goes back to the
/// outbox (the dispatcher publishes it), a handle or delivery dead letter goes through its handler here and now.
/// </summary>
/// <remarks>
/// A handle replay does not go through <see cref="IEventProcessor"/>: the processor acknowledges a
/// parked event without running it (that is what stops redeliveries), and a failure there would be
/// counted or parked a second time. Here the handler's effects, the inbox record and the dead letter
/// turning "replayed" commit in one transaction, so a crash can never leave a dead letter marked
/// replayed without its effect, nor an effect without the mark.
/// </remarks>
internal sealed partial class DeadLetterReplayer<TContext>(
    TContext db, IServiceScopeFactory scopes, HandlerRegistry handlers, OutboxSignal signal, TimeProvider clock,
    ILogger<DeadLetterReplayer<TContext>> logger)
    where TContext : DbContext
{
    public const string ActionReplay = "replay";
    public const string ActionReplayFailed = "replay-failed";

    private enum HandleResult
    {
        Handled,
        Duplicate,
        ClosedMeanwhile,
    }

    /// <summary>Every refusal a replay can meet, so a batch is checked whole before any of it runs.</summary>
    public async Task<ReplayPlan> PlanAsync(DeadLetter letter, CancellationToken ct)
    {
        DeadLetterStore.RequireParked(letter);
        switch (letter.Kind)
        {
            case DeadLetter.KindPublish:
                var waiting = letter.OutboxMessageId is { } rowId
                    && await db.Set<OutboxMessage>().AnyAsync(m => m.Id == rowId && m.PublishedAt == null, ct);
                return waiting
                    ? new ReplayPlan(letter, null, null)
                    : throw new PreconditionFailedException($"the outbox message of dead letter {letter.Id} is gone or already published");

            // A delivery dead letter (the sidecar gave up) is replayed as a handle one: through its handler, here and now.
            case DeadLetter.KindHandle or DeadLetter.KindDelivery:
                var handler = handlers.Find(letter.Consumer ?? string.Empty);
                if (handler is null || handler.Type != letter.EventType)
                {
                    throw new PreconditionFailedException(
                        $"dead letter {letter.Id}: this service no longer maps a handler {letter.Consumer} for {letter.EventType}");
                }

                return new ReplayPlan(letter, handler, Decode(letter));

            default:
                throw new PreconditionFailedException($"dead letter {letter.Id} has an unknown kind '{letter.Kind}'");
        }
    }

    public Task ReplayAsync(ReplayPlan plan, OperatorNote note, CancellationToken ct) =>
        plan.Handler is null ? ReplayPublishAsync(plan.Letter, note, ct) : ReplayHandleAsync(plan, note, ct);

    private async Task ReplayPublishAsync(DeadLetter letter, OperatorNote note, CancellationToken ct)
    {
        var now = Now();
        var rowId = letter.OutboxMessageId!.Value;
        await DeadLetterStore.CloseAsync(db, letter.Id, DeadLetter.StatusReplayed, ActionReplay, note, now, async token =>
        {
            // Back into the pending set with a fresh attempt budget; LastError stays as evidence until it publishes.
            var reset = await db.Set<OutboxMessage>()
                .Where(m => m.Id == rowId && m.PublishedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.DeadLetteredAt, (DateTime?)null)
                    .SetProperty(m => m.Attempts, 0)
                    .SetProperty(m => m.NextAttemptAt, now)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTime?)null), token);
            if (reset == 0)
            {
                throw new PreconditionFailedException($"the outbox message of dead letter {letter.Id} is gone or already published");
            }
        }, ct);
        signal.Notify();
        LogReplayed(logger, letter.Id, letter.Kind, letter.EventType, letter.EventId, note.Actor, note.Reason);
    }

    private async Task ReplayHandleAsync(ReplayPlan plan, OperatorNote note, CancellationToken ct)
    {
        var (letter, handler, evt) = (plan.Letter, plan.Handler!, plan.Event!);
        using var activity = MessagingTelemetry.Start($"replay {evt.Type}", ActivityKind.Consumer, evt.TraceParent, evt.Type, evt.Id);
        activity?.SetTag("messaging.consumer.group.name", handler.Consumer);
        var consumerTag = new KeyValuePair<string, object?>("consumer", handler.Consumer);

        HandleResult result;
        try
        {
            var message = handler.ParseData(evt);
            result = await RunAndCloseAsync(letter, evt, handler, message, note, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Rolled back: no effect, still parked. The new error replaces the old one as evidence.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var error = Describe(ex);
            await RecordFailureAsync(letter.Id, error, note, ct);
            LogReplayFailed(logger, letter.Id, evt.Type, evt.Id, handler.Consumer, note.Actor, note.Reason, error);
            return;
        }

        switch (result)
        {
            case HandleResult.ClosedMeanwhile:
                throw new PreconditionFailedException($"dead letter {letter.Id} was closed by someone else meanwhile");
            case HandleResult.Duplicate:
                // A redelivery got through before the event was parked for good; the effect exists once.
                MessagingTelemetry.Duplicates.Add(1, consumerTag);
                break;
            default:
                // The handler may have recorded events of its own.
                signal.Notify();
                MessagingTelemetry.Handled.Add(1, consumerTag);
                break;
        }

        LogReplayed(logger, letter.Id, letter.Kind, evt.Type, evt.Id, note.Actor, note.Reason);
    }

    /// <summary>
    /// One transaction: claim the dead letter (parked → replayed), run the handler unless the inbox
    /// says this consumer already processed the event, write the inbox record and the audit action.
    /// </summary>
    private async Task<HandleResult> RunAndCloseAsync(
        DeadLetter letter, ReceivedEvent evt, HandlerRegistration handler, IMessage message, OperatorNote note, CancellationToken ct)
    {
        // A scope of its own, as for any delivery: the handler's DbContext is the one that commits here.
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var eventContext = new EventContext(evt.Id, evt.Type, evt.Source, evt.Subject, evt.Time);
        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            context.ChangeTracker.Clear();
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            // Claimed first: a concurrent replay or discard of this dead letter waits for us, then finds it closed.
            var claimed = await context.Set<DeadLetter>()
                .Where(d => d.Id == letter.Id && d.Status == DeadLetter.StatusParked)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeadLetter.StatusReplayed), ct);
            if (claimed == 0)
            {
                return HandleResult.ClosedMeanwhile;
            }

            var result = HandleResult.Duplicate;
            if (!await context.Set<InboxRecord>().AnyAsync(r => r.Consumer == handler.Consumer && r.EventId == evt.Id, ct))
            {
                context.Set<InboxRecord>().Add(new InboxRecord { Consumer = handler.Consumer, EventId = evt.Id, Type = evt.Type, ProcessedAt = Now() });
                await handler.Invoke(scope.ServiceProvider, message, eventContext, ct);
                result = HandleResult.Handled;
            }

            context.Set<DeadLetterAction>().Add(DeadLetterStore.Audit(letter.Id, ActionReplay, note, Now()));
            await context.SaveChangesAsync(ct);
            await context.Set<InboxFailure>().Where(f => f.Consumer == handler.Consumer && f.EventId == evt.Id).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        });
    }

    /// <summary>The dead letter stays parked, one attempt more, with the new error and a "replay-failed" action.</summary>
    private async Task RecordFailureAsync(string id, string error, OperatorNote note, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var letter = await db.Set<DeadLetter>().SingleAsync(d => d.Id == id, ct);
            letter.LastError = error;
            letter.Attempts++;
            db.Set<DeadLetterAction>().Add(DeadLetterStore.Audit(id, ActionReplayFailed, note, Now()));
            await db.SaveChangesAsync(ct);
        });
    }

    private static ReceivedEvent Decode(DeadLetter letter)
    {
        try
        {
            return CloudEventCodec.Decode(Encoding.UTF8.GetBytes(letter.CloudEventJson));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or InvalidOperationException)
        {
            throw new PreconditionFailedException($"the stored CloudEvent of dead letter {letter.Id} cannot be read: {ex.Message}");
        }
    }

    // The same shape as the processor's errors, so a dead letter's evidence reads alike before and after a replay.
    private static string Describe(Exception ex)
    {
        var text = $"{ex.GetType().Name}: {ex.Message}";
        if (ex.InnerException is { } inner)
        {
            text += $" ({inner.GetType().Name}: {inner.Message})";
        }

        return text.Length > 4000 ? text[..4000] : text;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead letter {DeadLetterId} ({Kind} of {EventType} {EventId}) replayed by {Actor}: {Reason}")]
    private static partial void LogReplayed(ILogger logger, string deadLetterId, string kind, string eventType, string eventId, string actor, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay of dead letter {DeadLetterId} ({EventType} {EventId} in {Consumer}) by {Actor} failed again; it stays parked (reason given: {Reason}): {Error}")]
    private static partial void LogReplayFailed(
        ILogger logger, string deadLetterId, string eventType, string eventId, string consumer, string actor, string reason, string error);
}
