using System.Collections.Concurrent;
using System.Diagnostics;
using Integration.Messaging.DeadLetters;
using Integration.Messaging.Events;
using Integration.Messaging.Telemetry;
using Integration.Messaging.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows: leased in batches, in order per aggregate, retried with
/// backoff, parked as dead letters after too many attempts, pruned after the retention period.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IEventTransport transport,
    OutboxSignal signal,
    OutboxBacklog backlog,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private readonly MessagingOptions _options = options.Value;
    private DateTime _nextHousekeeping;
    private DateTime _nextMeasure;

    /// <summary>
    /// The outbox gauges are measured at most this often: under load the dispatcher drains many times a second,
    /// and two aggregate queries after each drain cost more than the gauges' freshness is worth.
    /// </summary>
    private static readonly TimeSpan MeasureInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// <see cref="MessagingOptions.RoundsInFlight"/> loops, so one round leases and sends while another's delivery is
    /// still in the consumer's transaction. They share nothing but the database: a round skips rows whose older sibling
    /// another round holds (the leasing that keeps replicas apart), so each aggregate stays in order.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.RoundsInFlight).Select(i => RunAsync(housekeeper: i == 0, stoppingToken)));

    private async Task RunAsync(bool housekeeper, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Drain while batches come back full, then measure and sleep until a commit or the poll.
                int leased;
                do
                {
                    leased = await DispatchOnceAsync(stoppingToken);
                    if (leased > 0 && _options.RoundsInFlight > 1)
                    {
                        // A sibling round may have passed over rows this one held back (a later event of an aggregate
                        // whose earlier one was in flight here) and gone to sleep: they are free now, wake it.
                        signal.Notify();
                    }
                }
                while (leased >= _options.BatchSize);

                if (housekeeper)
                {
                    await HousekeepAsync(stoppingToken);
                }

                if (await signal.WaitAsync(_options.PollInterval, stoppingToken) && _options.DispatchDelay > TimeSpan.Zero)
                {
                    // Let the next commits join this round (MessagingOptions.DispatchDelay). Real time, not the clock:
                    // a scheduling pause, not business time (a test's frozen clock must not stop publishing).
                    await Task.Delay(_options.DispatchDelay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable: say so and try again; rows stay in the outbox.
                LogRoundFailed(logger, ex);
                await Task.Delay(_options.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>One round: lease, publish, record. Returns how many rows it leased.</summary>
    internal async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString("N");
        // One context for the round's lease and its record (services register theirs unpooled: a context each costs);
        // it holds no connection while the batch is out, EF opens one per statement.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var batch = await OutboxStore.LeaseAsync(db, token, Now(), _options.LeaseDuration, _options.BatchSize, ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var published = new ConcurrentBag<long>();
        var failed = new ConcurrentBag<(OutboxMessage Row, string Error)>();
        var skipped = new ConcurrentBag<long>();
        try
        {
            await PublishRoundAsync(batch, published, failed, skipped, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping mid-round: hand the rows back now instead of leaving them leased for LeaseDuration (only a crash
            // should do that); a successor publishes them at once. Delivered ones may go again: the inbox ignores copies.
            await OutboxStore.ReleaseAsync(db, token, batch.Select(m => m.Id).ToList(), CancellationToken.None);
            throw;
        }

        // The outcomes are known: recorded even if the service is stopping, for the same reason.
        await OutboxStore.MarkPublishedAsync(db, token, published.ToList(), Now(), CancellationToken.None);
        await OutboxStore.ReleaseAsync(db, token, skipped.ToList(), CancellationToken.None);
        foreach (var (row, error) in failed)
        {
            await RecordFailureAsync(db, token, row, error, CancellationToken.None);
        }

        MessagingTelemetry.Published.Add(published.Count);
        return batch.Count;
    }

    private async Task PublishRoundAsync(
        List<OutboxMessage> batch, ConcurrentBag<long> published, ConcurrentBag<(OutboxMessage Row, string Error)> failed, ConcurrentBag<long> skipped,
        CancellationToken ct)
    {
        if (transport is IBulkEventTransport bulk)
        {
            await PublishBatchAsync(bulk, batch, published, failed, skipped, ct);
        }
        else
        {
            var groups = batch.GroupBy(m => m.AggregateKey, StringComparer.Ordinal).Select(g => g.ToList());
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = _options.DeliveryConcurrency, CancellationToken = ct },
                async (group, token2) =>
                {
                    for (var i = 0; i < group.Count; i++)
                    {
                        var error = await PublishAsync(group[i], token2);
                        if (error is null)
                        {
                            published.Add(group[i].Id);
                            continue;
                        }

                        failed.Add((group[i], error));
                        // Later events of this aggregate wait for this one.
                        foreach (var rest in group.Skip(i + 1))
                        {
                            skipped.Add(rest.Id);
                        }

                        break;
                    }
                });
        }
    }

    /// <summary>
    /// The whole batch in one call of a bulk-capable transport. Of each aggregate only the events up to its first change
    /// of type go now (different types are different topics, delivered concurrently, which could reorder them); the
    /// rest are given back for the next round. An aggregate's first failure holds back its later events, as one by one.
    /// </summary>
    private async Task PublishBatchAsync(
        IBulkEventTransport bulk, List<OutboxMessage> batch, ConcurrentBag<long> published, ConcurrentBag<(OutboxMessage Row, string Error)> failed,
        ConcurrentBag<long> skipped, CancellationToken ct)
    {
        var groups = batch.GroupBy(m => m.AggregateKey, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var send = new List<OutboxMessage>(batch.Count);
        var deferred = false;
        foreach (var group in groups)
        {
            var sameType = group.TakeWhile(m => m.Type == group[0].Type).Count();
            send.AddRange(group.Take(sameType));
            foreach (var rest in group.Skip(sameType))
            {
                skipped.Add(rest.Id);
                deferred = true;
            }
        }

        send.Sort((a, b) => a.Id.CompareTo(b.Id));
        var previous = Activity.Current;
        var activities = new List<Activity?>(send.Count);
        var events = new List<ReceivedEvent>(send.Count);
        foreach (var row in send)
        {
            var activity = MessagingTelemetry.Start($"publish {row.Type}", ActivityKind.Producer, row.TraceParent, row.Type, row.EventId);
            // Siblings, not each other's children.
            Activity.Current = previous;
            activities.Add(activity);
            events.Add(new ReceivedEvent(row.EventId, row.Type, _options.ServiceName, row.AggregateKey,
                new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)), activity?.Id ?? row.TraceParent, row.Data));
        }

        IReadOnlyList<DeliveryResult> results;
        try
        {
            results = await bulk.PublishBatchAsync(events, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = new DeliveryResult(false, $"{ex.GetType().Name}: {ex.Message}");
            results = send.Select(_ => error).ToList();
        }
        finally
        {
            Activity.Current = previous;
        }

        var byId = new Dictionary<long, DeliveryResult>(send.Count);
        for (var i = 0; i < send.Count; i++)
        {
            byId[send[i].Id] = results[i];
            if (!results[i].Delivered)
            {
                activities[i]?.SetStatus(ActivityStatusCode.Error, results[i].Error);
            }

            activities[i]?.Dispose();
        }

        Activity.Current = previous;
        foreach (var group in groups)
        {
            for (var i = 0; i < group.Count && byId.TryGetValue(group[i].Id, out var result); i++)
            {
                if (result.Delivered)
                {
                    published.Add(group[i].Id);
                    continue;
                }

                failed.Add((group[i], result.Error ?? "not delivered"));
                // Later events of this aggregate wait for this one (delivered ones again: the inbox ignores the copies).
                foreach (var rest in group.Skip(i + 1).TakeWhile(m => byId.ContainsKey(m.Id)))
                {
                    skipped.Add(rest.Id);
                }

                break;
            }
        }

        if (deferred)
        {
            // The given-back rows are due now: run the next round without waiting for the poll.
            signal.Notify();
        }
    }

    private async Task<string?> PublishAsync(OutboxMessage row, CancellationToken ct)
    {
        using var activity = MessagingTelemetry.Start($"publish {row.Type}", ActivityKind.Producer, row.TraceParent, row.Type, row.EventId);
        var evt = new ReceivedEvent(row.EventId, row.Type, _options.ServiceName, row.AggregateKey,
            new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)), activity?.Id ?? row.TraceParent, row.Data);
        try
        {
            var result = await transport.PublishAsync(evt, ct);
            if (!result.Delivered)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.Error);
            }

            return result.Delivered ? null : result.Error ?? "not delivered";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private async Task RecordFailureAsync(TContext db, string token, OutboxMessage row, string error, CancellationToken ct)
    {
        var attempts = row.Attempts + 1;
        error = error.Length > 4000 ? error[..4000] : error;
        if (attempts < _options.MaxPublishAttempts)
        {
            var next = Now() + Backoff.Delay(attempts, _options.BaseBackoff, _options.MaxBackoff);
            await OutboxStore.RescheduleAsync(db, token, row.Id, attempts, next, error, ct);
            MessagingTelemetry.PublishRetries.Add(1);
            LogRetry(logger, row.EventId, row.Type, attempts, next, error);
            return;
        }

        // Park: the row leaves the pending set and a dead letter an operator can replay takes its place.
        db.ChangeTracker.Clear();
        var tracked = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == row.Id && m.LeaseOwner == token, ct);
        if (tracked is null)
        {
            // Our lease expired mid-batch and another dispatcher holds the row now: its outcome counts.
            return;
        }

        tracked.Attempts = attempts;
        tracked.LastError = error;
        tracked.DeadLetteredAt = Now();
        tracked.LeaseOwner = null;
        tracked.LeaseUntil = null;
        var earlier = await db.Set<DeadLetter>().SingleOrDefaultAsync(d => d.OutboxMessageId == row.Id, ct);
        if (earlier is not null)
        {
            // A replay that failed again: the same dead letter goes back to parked, with the new evidence.
            earlier.Status = DeadLetter.StatusParked;
            earlier.LastError = error;
            earlier.Attempts += attempts;
            earlier.ParkedAt = Now();
            db.Set<DeadLetterAction>().Add(new DeadLetterAction
            {
                DeadLetterId = earlier.Id, Action = "replay-failed", Actor = _options.ServiceName, Reason = error.Length > 1000 ? error[..1000] : error, At = Now(),
            });
        }
        else
        {
            var evt = new ReceivedEvent(row.EventId, row.Type, _options.ServiceName, row.AggregateKey, null, row.TraceParent, row.Data);
            db.Set<DeadLetter>().Add(DeadLetter.Park(DeadLetter.KindPublish, evt, error, attempts, Now(), outboxMessageId: row.Id));
        }

        await db.SaveChangesAsync(ct);
        MessagingTelemetry.DeadLettered.Add(1);
        LogParked(logger, row.EventId, row.Type, attempts, error);
    }

    private async Task HousekeepAsync(CancellationToken ct)
    {
        if (Now() < _nextMeasure)
        {
            return;
        }

        _nextMeasure = Now() + MeasureInterval;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var (pending, oldest) = await OutboxStore.MeasureAsync(db, ct);
        var lag = oldest is null ? 0 : Math.Max(0, (Now() - oldest.Value).TotalSeconds);
        backlog.Record(pending, lag);
        MessagingTelemetry.RecordOutbox(pending, lag);

        if (Now() < _nextHousekeeping)
        {
            return;
        }

        _nextHousekeeping = Now().AddMinutes(5);
        var pruned = await OutboxStore.PruneAsync(db, Now() - _options.PublishedRetention, ct);
        var inbox = await db.Set<Inbox.InboxRecord>().Where(r => r.ProcessedAt < Now() - _options.InboxRetention).ExecuteDeleteAsync(ct);
        if (pruned + inbox > 0)
        {
            LogPruned(logger, pruned, inbox);
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {EventId} ({Type}) failed on attempt {Attempt}; next try at {Next:O}: {Error}")]
    private static partial void LogRetry(ILogger logger, string eventId, string type, int attempt, DateTime next, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({Type}) parked as a dead letter after {Attempts} attempts: {Error}")]
    private static partial void LogParked(ILogger logger, string eventId, string type, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox dispatch round failed; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Outbox} published outbox rows and {Inbox} inbox records past retention")]
    private static partial void LogPruned(ILogger logger, int outbox, int inbox);
}
