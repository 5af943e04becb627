using CsCheck;
using Grpc.Core;
using Integration.Contracts.Inventory.V1;

namespace Integration.Inventory.Tests;

/// <summary>
/// Random sequences of receipts, reservations, commits, releases, consumptions, counts and expiries (time moved
/// on the fake clock) against the real service. After every sequence: the invariant check is clean, reserved
/// equals the open lines the service reports, nothing was promised beyond stock, and replaying every call with
/// its id changes nothing.
/// </summary>
public sealed class InvariantProperties(ClockedInventoryFactory factory) : IClassFixture<ClockedInventoryFactory>
{
    private static int _sample;
    private readonly InventoryService.InventoryServiceClient _client = factory.CreateInventoryClient();

    private abstract record Op;

    private sealed record Receive(int Location, int Quantity) : Op;

    private sealed record Reserve(int Quantity, int? Location, bool Cart) : Op;

    private sealed record Commit(int Pick) : Op;

    private sealed record Release(int Pick) : Op;

    private sealed record Consume(int Pick, int Quantity) : Op;

    private sealed record Count(int Location, int Counted) : Op;

    private sealed record Expire(int Minutes) : Op;

    private static readonly Gen<Op> AnyOp = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, 1], Gen.Int[1, 20], (l, q) => (Op)new Receive(l, q))),
        (5, Gen.Select(Gen.Int[1, 12], Gen.Int[0, 2], Gen.Bool, (q, l, c) => (Op)new Reserve(q, l == 2 ? null : l, c))),
        (2, Gen.Int[0, 50].Select(p => (Op)new Commit(p))),
        (2, Gen.Int[0, 50].Select(p => (Op)new Release(p))),
        (2, Gen.Select(Gen.Int[0, 50], Gen.Int[1, 6], (p, q) => (Op)new Consume(p, q))),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 30], (l, c) => (Op)new Count(l, c))),
        (1, Gen.Int[1, 20].Select(m => (Op)new Expire(m))));

    [Fact]
    public async Task Random_histories_keep_the_invariants_and_every_call_is_idempotent()
    {
        await _client.AddLocationAsync("PROP-0", priority: 0);
        await _client.AddLocationAsync("PROP-1", priority: 1);
        await AnyOp.Array[5, 30].SampleAsync(RunAsync, iter: 15, threads: 1);
    }

    private async Task RunAsync(Op[] ops)
    {
        var n = Interlocked.Increment(ref _sample);
        var sku = $"PROP-SKU-{n}";
        var reservations = new List<string>();
        var replays = new List<Func<Task<bool>>>();
        for (var i = 0; i < ops.Length; i++)
        {
            var id = $"p{n}-{i}";
            switch (ops[i])
            {
                case Receive r:
                    var receipt = new ReceiveStockRequest { MovementId = id, Sku = sku, LocationId = $"PROP-{r.Location}", Quantity = r.Quantity };
                    await _client.ReceiveStockAsync(receipt);
                    replays.Add(async () => (await _client.ReceiveStockAsync(receipt)).Duplicate);
                    break;
                case Reserve r when (await _client.AvailabilityAsync(sku)).Levels.Count > 0:
                    var request = InventoryClientExtensions.Request(id, $"o{n}", AllocationStrategy.Split, (sku, r.Quantity, r.Location is { } l ? $"PROP-{l}" : null));
                    request.Channel = r.Cart ? "web" : string.Empty;
                    var before = await _client.AvailabilityAsync(sku);
                    var reserved = (await _client.ReserveAsync(request)).Reservation;
                    reservations.Add(id);
                    if (reserved.State != ReservationState.Rejected)
                    {
                        // Never promised beyond what was available (no backorder limit is set here).
                        foreach (var line in reserved.Lines)
                        {
                            Assert.True(line.Quantity <= before.Levels.Single(x => x.LocationId == line.LocationId).Available);
                        }
                    }

                    replays.Add(async () => (await _client.ReserveAsync(request)).Duplicate);
                    break;
                case Commit c when reservations.Count > 0:
                    await Allowed(() => _client.CommitReservationAsync(new CommitReservationRequest { ReservationId = reservations[c.Pick % reservations.Count] }).ResponseAsync);
                    break;
                case Release r when reservations.Count > 0:
                    await Allowed(() => _client.ReleaseReservationAsync(new ReleaseReservationRequest { ReservationId = reservations[r.Pick % reservations.Count] }).ResponseAsync);
                    break;
                case Consume c when reservations.Count > 0:
                    var consume = new ConsumeReservationRequest
                    {
                        ReservationId = reservations[c.Pick % reservations.Count], ConsumptionId = id, Lines = { new ConsumeLine { Sku = sku, Quantity = c.Quantity } },
                    };
                    if (await Allowed(() => _client.ConsumeReservationAsync(consume).ResponseAsync))
                    {
                        replays.Add(async () => (await _client.ConsumeReservationAsync(consume)).Duplicate);
                    }

                    break;
                case Count c:
                    var count = new CountStockRequest { CountId = id, Sku = sku, LocationId = $"PROP-{c.Location}", Counted = c.Counted, Reason = "cycle count" };
                    await _client.CountStockAsync(count);
                    replays.Add(async () => (await _client.CountStockAsync(count)).Duplicate);
                    break;
                case Expire e:
                    factory.Clock.Advance(TimeSpan.FromMinutes(e.Minutes));
                    await WaitForSweepAsync(sku);
                    break;
            }
        }

        await AssertConsistentAsync(sku);
        var figures = await _client.AvailabilityAsync(sku);
        foreach (var replay in replays)
        {
            Assert.True(await replay());
        }

        Assert.Equal(figures.Levels.Select(l => (l.OnHand, l.Reserved)), (await _client.AvailabilityAsync(sku)).Levels.Select(l => (l.OnHand, l.Reserved)));
        await AssertConsistentAsync(sku);
    }

    /// <summary>Refusals a random history provokes (consuming more than is open, committing an expired hold) are answers, not failures.</summary>
    private static async Task<bool> Allowed(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            return false;
        }
    }

    private async Task WaitForSweepAsync(string sku)
    {
        var now = factory.Clock.GetUtcNow();
        for (var i = 0; i < 200; i++)
        {
            var pending = await _client.ListReservationsAsync(new ListReservationsRequest { Sku = sku, State = ReservationState.Pending, PageSize = 500 });
            if (pending.Reservations.All(r => r.ExpiresAt is null || r.ExpiresAt.ToDateTimeOffset() > now))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the expiry sweep did not run");
    }

    private async Task AssertConsistentAsync(string sku)
    {
        await _client.AssertInvariantsHoldAsync();
        var all = await _client.ListReservationsAsync(new ListReservationsRequest { Sku = sku, PageSize = 500 });
        foreach (var level in (await _client.AvailabilityAsync(sku)).Levels)
        {
            Assert.True(level.OnHand >= 0);
            var open = all.Reservations.SelectMany(r => r.Lines).Where(l => l.LocationId == level.LocationId).Sum(l => l.Open);
            Assert.Equal(open, level.Reserved);
        }
    }
}
