using CsCheck;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests;

/// <summary>
/// Property: whatever the interleaving of aggregates, the grouping into transactions and the transient
/// failures on the way, every event is handled exactly once and each aggregate's events in commit order.
/// </summary>
public sealed class OrderingProperties
{
    /// <summary>One event: which aggregate it belongs to, and how delivery of it fails before it succeeds.</summary>
    internal sealed record Step(int Aggregate, int Failures, FailureKind Kind);

    internal sealed record Scenario(List<Step> Steps, List<int> TransactionSizes)
    {
        public override string ToString() =>
            $"steps [{string.Join(" ", Steps.Select(s => s.Failures == 0 ? $"{s.Aggregate}" : $"{s.Aggregate}!{s.Failures}{(s.Kind == FailureKind.Http500 ? "h" : "t")}"))}] "
            + $"transactions [{string.Join(" ", TransactionSizes)}]";
    }

    // Most deliveries succeed first time; some fail once or twice, at the HTTP edge or inside the handler.
    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Int[0, 3],
        Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 2])),
        Gen.Enum<FailureKind>(),
        (aggregate, failures, kind) => new Step(aggregate, failures, kind));

    private static readonly Gen<Scenario> Scenarios = Gen.Select(Steps.List[1, 20], Gen.Int[1, 4].List[1, 5], (steps, sizes) => new Scenario(steps, sizes));

    [Fact]
    public async Task Every_event_is_handled_once_and_in_commit_order_per_aggregate()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app => app.MapEventHandler<ProductChanged, ScriptedHandler>());
        await using var producer = await TestApps.StartProducerAsync([consumer]);
        var script = consumer.Get<FailureScript>();

        await Scenarios.SampleAsync(async scenario =>
        {
            var run = Guid.NewGuid().ToString("N")[..8];
            var versions = new long[4];
            var events = scenario.Steps.Select(s => (Step: s, Event: Products.Changed($"{run}-{s.Aggregate}", ++versions[s.Aggregate]))).ToList();

            var ids = new List<string>();
            for (int i = 0, t = 0; i < events.Count; t++)
            {
                var size = scenario.TransactionSizes[t % scenario.TransactionSizes.Count];
                ids.AddRange(await CommitPlannedAsync(producer, script, events.Skip(i).Take(size).ToList()));
                i += size;
            }

            var prefix = $"product/{run}-";
            var effects = await Eventually.WaitForAsync(
                async () => (await consumer.EffectsAsync()).Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList(),
                e => e.Count >= ids.Count, $"{ids.Count} events of {scenario}");
            await Eventually.WaitForAsync(
                async () => (await producer.OutboxAsync()).Where(r => ids.Contains(r.EventId)).ToList(),
                rows => rows.All(r => r.PublishedAt is not null), $"the rows of {scenario} to be published");

            var final = (await consumer.EffectsAsync()).Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assertions.ExactlyOnce(ids, final);
            Assertions.InOrderPerAggregate(final);
        }, iter: 10, threads: 1);
    }

    /// <summary>Enqueues, plans each event's failures (the id exists before the commit), then commits.</summary>
    private static Task<List<string>> CommitPlannedAsync(
        MessagingTestApp producer, FailureScript script, List<(Step Step, ProductChanged Event)> events) =>
        producer.WithDbAsync(async (db, services) =>
        {
            var outbox = services.GetRequiredService<IOutbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var ids = new List<string>();
            foreach (var (step, evt) in events)
            {
                var id = outbox.Enqueue(evt, Products.AggregateKey(evt.ProductId));
                script.Plan(id, step.Kind, step.Failures);
                ids.Add(id);
            }

            db.Effects.Add(new Effect { Key = "state:batch", At = DateTime.UtcNow });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return ids;
        });
}
