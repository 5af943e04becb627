using CsCheck;
using Integration.Order.Data.Facts;
using Integration.Order.Orders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Tests;

/// <summary>
/// The SQLite group commit reads which orders exist and which wait for facts with its own prepared statements instead of
/// EF's queries (still used on other providers): over random orders and facts, both answer the same.
/// </summary>
public sealed class SqliteOrderLookupsTests
{
    // Few characters, so probes often hit stored keys, and ones that need care (quotes, NUL, non-ASCII, an emoji). Keys come
    // from protobuf strings, so never a lone surrogate.
    private static readonly Gen<string> Key = Gen.OneOf(
        Gen.String[Gen.Char["ab"], 0, 3],
        Gen.String[Gen.Char["a '\"\0\u00e9"], 0, 3],
        Gen.Const("\ud83d\ude00"));

    private static readonly Gen<(string, string)> Pair = Gen.Select(Key, Key);

    private static readonly Gen<(int Order, FactState State, bool Linked)> Fact =
        Gen.Select(Gen.Int[0, 9], Gen.Enum<FactState>(), Gen.Bool);

    [Fact]
    public async Task Stored_orders_and_waiting_facts_are_those_EFs_queries_find()
    {
        await using var factory = new OrderFactory();
        var round = 0;
        await Gen.Select(Pair.List[0, 10], Fact.List[0, 10], Pair.List[1, 12]).SampleAsync(async sample =>
        {
            var (orders, facts, probes) = sample;
            // Each round on its own channels: the database keeps every earlier round's rows.
            var tag = $"r{++round}:";
            var stored = orders.Distinct().Select(k => (Channel: tag + k.Item1, ExternalOrderId: k.Item2)).ToList();
            var probeKeys = probes.Select(k => (tag + k.Item1, k.Item2)).Concat(stored).ToList();
            await factory.QueryAsync(async db =>
            {
                var rows = stored.Select(k => new StoredOrder { Id = Guid.CreateVersion7().ToString("N"), Channel = k.Channel, ExternalOrderId = k.ExternalOrderId, Currency = "EUR" }).ToList();
                db.Orders.AddRange(rows);
                db.Facts.AddRange(facts.Select(f =>
                {
                    // A fact names its channel order; it is linked to the stored order of that key when there is one.
                    var key = probeKeys[f.Order % probeKeys.Count];
                    var order = rows.FirstOrDefault(o => o.Channel == key.Item1 && o.ExternalOrderId == key.Item2);
                    return new OrderFact
                    {
                        OrderId = f.Linked ? order?.Id : null,
                        Channel = key.Item1,
                        ExternalOrderId = key.Item2,
                        Kind = FactKind.Payment,
                        ExternalId = Guid.NewGuid().ToString("N"),
                        State = f.State,
                        Payload = "{}",
                    };
                }));
                return await db.SaveChangesAsync();
            });

            await factory.QueryAsync(async db =>
            {
                var channels = probeKeys.Select(k => k.Item1).Distinct().ToList();
                var ids = probeKeys.Select(k => k.Item2).ToList();
                var expectedStored = (await db.Orders.Where(o => channels.Contains(o.Channel) && ids.Contains(o.ExternalOrderId))
                    .Select(o => new { o.Channel, o.ExternalOrderId }).ToListAsync()).Select(o => (o.Channel, o.ExternalOrderId)).ToHashSet();
                expectedStored.IntersectWith(probeKeys);
                var expectedWaiting = (await db.Facts.Where(f => f.OrderId == null && f.State == FactState.Pending)
                    .Select(f => new { f.Channel, f.ExternalOrderId }).Distinct().ToListAsync()).Select(f => (f.Channel, f.ExternalOrderId)).ToHashSet();

                await db.Database.OpenConnectionAsync();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                var actualStored = SqliteOrderLookups.Stored(connection, probeKeys);
                var actualWaiting = SqliteOrderLookups.Waiting(connection);
                Assert.True(expectedStored.SetEquals(actualStored), $"stored: EF {string.Join(", ", expectedStored)}; lookup {string.Join(", ", actualStored)}");
                Assert.True(expectedWaiting.SetEquals(actualWaiting), $"waiting: EF {string.Join(", ", expectedWaiting)}; lookup {string.Join(", ", actualWaiting)}");
                return 0;
            });
        }, iter: 60, threads: 1);
    }
}
