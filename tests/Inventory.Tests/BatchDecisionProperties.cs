using CsCheck;
using Integration.Contracts.Inventory.V1;
using Integration.Inventory.Data;
using Integration.Inventory.Reservations;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Inventory.Tests;

/// <summary>
/// The group commit's batch path (one guard statement per level, rows inserted in bulk) against the one-by-one
/// path (one guard statement per line, EF change tracking), on two services with the same stock and the same
/// clock: random batches of reserve requests (several lines and SKUs, fixed locations, a location that does not
/// ship online, safety stock, backorder limits, every strategy, ids reused with the same or another body) must
/// give the same answers, the same reservation and line rows, the same outbox events and the same stock figures.
/// </summary>
public sealed class BatchDecisionProperties(BatchDecisionProperties.Pair pair) : IClassFixture<BatchDecisionProperties.Pair>
{
    private static readonly string[] Locations = ["EQ-0", "EQ-1", "EQ-2"];
    private static int _sample;

    /// <summary>Two services, each on its own SQLite file, with the same fake clock time.</summary>
    public sealed class Pair : IAsyncLifetime
    {
        public ClockedInventoryFactory Batched { get; } = new();

        public ClockedInventoryFactory OneByOne { get; } = new();

        public async Task InitializeAsync()
        {
            foreach (var factory in new[] { Batched, OneByOne })
            {
                var client = factory.CreateInventoryClient();
                await client.AddLocationAsync(Locations[0], priority: 0);
                await client.AddLocationAsync(Locations[1], priority: 1);
                // Serves only lines that name it.
                await client.AddLocationAsync(Locations[2], priority: 2, shipsOnline: false);
            }
        }

        public async Task DisposeAsync()
        {
            await Batched.DisposeAsync();
            await OneByOne.DisposeAsync();
        }
    }

    private sealed record Level(int Sku, int Location, int OnHand, int Safety, int Backorder);

    private sealed record Line(int Sku, int Quantity, int? Location);

    private sealed record Ask(int Id, int Order, Line[] Lines, AllocationStrategy Strategy, bool Pending);

    private static readonly Gen<Level[]> Stock =
        Gen.Select(Gen.Int[1, 8], Gen.Int[0, 2], Gen.Frequency((2, Gen.Const(0)), (1, Gen.Int[1, 3])), (onHand, safety, backorder) => (onHand, safety, backorder))
            .Array[6]
            .Select(levels => levels.Select((l, i) => new Level(i / 3, i % 3, l.onHand, l.safety, l.backorder)).ToArray());

    private static readonly Gen<Ask> AnyAsk = Gen.Select(
        Gen.Int[0, 9],
        Gen.Int[0, 1],
        Gen.Select(Gen.Int[0, 1], Gen.Int[1, 6], Gen.Int[0, 4], (sku, quantity, location) => new Line(sku, quantity, location < 3 ? location : null)).Array[1, 3],
        Gen.Int[0, 2].Select(i => new[] { AllocationStrategy.Priority, AllocationStrategy.FewestSplits, AllocationStrategy.Split }[i]),
        Gen.Bool,
        (id, order, lines, strategy, pending) => new Ask(id, order, lines, strategy, pending));

    [Fact]
    public async Task The_batch_path_stores_and_answers_exactly_what_one_by_one_does()
    {
        await Gen.Select(Stock, AnyAsk.Array[1, 30]).SampleAsync(async sample => await RunAsync(sample.Item1, sample.Item2), iter: 40, threads: 1);
    }

    private async Task RunAsync(Level[] stock, Ask[] asks)
    {
        var n = Interlocked.Increment(ref _sample);
        string Sku(int i) => $"EQ-{n}-{(char)('A' + i)}";
        var items = asks.Select(a => new BatchItem(
            new ReserveCommand(
                $"eq{n}-{a.Id}", $"order-{n}-{a.Order}", string.Empty,
                a.Lines.Select((l, i) => new AllocationLine(i, Sku(l.Sku), l.Quantity, l.Location is { } loc ? Locations[loc] : null)).ToList(),
                a.Strategy,
                a.Pending ? Data.Reservations.ReservationStates.Pending : Data.Reservations.ReservationStates.Committed,
                a.Pending ? TimeSpan.FromMinutes(15) : null),
            TraceParent: null)).ToList();

        foreach (var factory in new[] { pair.Batched, pair.OneByOne })
        {
            var client = factory.CreateInventoryClient();
            foreach (var level in stock)
            {
                await client.ReceiveAsync($"eq{n}-grn-{level.Sku}-{level.Location}", Sku(level.Sku), Locations[level.Location], level.OnHand);
                await client.SetPolicyAsync(Sku(level.Sku), Locations[level.Location], level.Safety, level.Backorder);
            }
        }

        var batched = await DecideAsync(pair.Batched, async sp =>
            await ActivatorUtilities.CreateInstance<ReservationBatchDecider>(sp).TryDecideAsync(items, default)
            ?? throw new InvalidOperationException("the guard refused a plan made under SQLite's write lock"));
        var oneByOne = await DecideAsync(pair.OneByOne, sp => ReservationBatcher.OneByOneAsync(ActivatorUtilities.CreateInstance<ReservationDecider>(sp), items, default));

        Assert.Equal(Describe(oneByOne), Describe(batched));
        Assert.Equal(await StoredAsync(pair.OneByOne, $"eq{n}-", [Sku(0), Sku(1)]), await StoredAsync(pair.Batched, $"eq{n}-", [Sku(0), Sku(1)]));
    }

    private static async Task<List<BatchResult>> DecideAsync(InventoryFactory factory, Func<IServiceProvider, Task<List<BatchResult>>> decide)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var results = await decide(scope.ServiceProvider);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return results;
    }

    // The answer as the RPC builds it (from the decision's shortfall in memory), checked against the row's stored copy.
    private static List<string> Describe(List<BatchResult> results) =>
        results.Select(r => r.Outcome is { } o
            ? $"{(o.Duplicate ? "duplicate " : string.Empty)}{Answer(o)}"
            : $"{r.Refusal!.GetType().Name}: {r.Refusal.Message}").ToList();

    private static Integration.Contracts.Inventory.V1.Reservation Answer(ReserveOutcome outcome)
    {
        var answer = outcome.Reservation.ToContract(outcome.Rejected);
        Assert.Equal(outcome.Reservation.ToContract(), answer);
        return answer;
    }

    /// <summary>Everything the decisions stored: reservations with their lines, their events (in outbox order) and the levels.</summary>
    private static Task<List<string>> StoredAsync(InventoryFactory factory, string idPrefix, string[] skus) => factory.WithDbAsync(async db =>
    {
        var stored = new List<string>();
        var reservations = await db.Reservations.AsNoTracking().Include(r => r.Lines).Where(r => r.Id.StartsWith(idPrefix)).OrderBy(r => r.Id).ToListAsync();
        foreach (var r in reservations)
        {
            stored.Add($"{r.Id} {r.OrderId} {r.Channel} {r.State} {r.Allocation} {r.RequestHash} {r.RejectedLines} {r.ExpiresAt:O} {r.CreatedAt:O} {r.UpdatedAt:O} {r.RowVersion}");
            stored.AddRange(r.Lines.OrderBy(l => l.LineNo).Select(l => $"  {l.LineNo} {l.Sku} {l.LocationId} {l.Quantity} {l.Consumed} {l.Released} {l.Backordered}"));
        }

        var events = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.AggregateKey.StartsWith("reservation/" + idPrefix)).OrderBy(m => m.Id).ToListAsync();
        stored.AddRange(events.Select(m => $"{m.Type} {m.AggregateKey} {m.Data} {m.CreatedAt:O} {m.NextAttemptAt:O} {m.Attempts}"));
        var levels = await db.StockLevels.AsNoTracking().Where(l => skus.Contains(l.Sku)).OrderBy(l => l.Sku).ThenBy(l => l.LocationId).ToListAsync();
        stored.AddRange(levels.Select(l => $"{l.Sku} {l.LocationId} on hand {l.OnHand} reserved {l.Reserved} safety {l.SafetyStock} backorder {l.BackorderLimit}"));
        return stored;
    });
}
