using System.Net.Http.Headers;
using CsCheck;
using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Demand;
using Integration.Ledger.Data.Postings;
using HeldPosting = Integration.Ledger.Data.Postings.HeldPosting;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Messaging.Outbox;
using Integration.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Postings.LedgerEvents;

namespace Integration.Ledger.Tests.Postings;

/// <summary>
/// The bulk posting path (one transaction, batched inserts, each order read and written once per bulk) against the
/// one-by-one path: the same random stream of order facts goes to two Ledgers, one event per request to the first and
/// as Dapr bulk deliveries (each run of one event type in one request) to the second; afterwards both hold the same
/// entries, lines, posting records, order state and facts, held postings, journal-entries-posted events (every entry in one, once) and demand, and
/// both keep the day totals equal to their lines.
/// The stream mixes in what takes the other branches: facts before their order (held, released by the placed bulk),
/// a SKU without a cost (held until its cost arrives), the same event twice in one bulk, and redeliveries.
/// </summary>
public sealed class BulkPostingProperties : IDisposable
{
    private readonly LedgerFactory _single = new();
    private readonly LedgerFactory _bulk = new();
    private int _round;

    public void Dispose()
    {
        _single.Dispose();
        _bulk.Dispose();
    }

    [Fact]
    public async Task Bulk_deliveries_post_exactly_what_one_by_one_deliveries_post()
    {
        foreach (var factory in new[] { _single, _bulk })
        {
            foreach (var sku in new[] { "SKU-A", "SKU-B" })
            {
                Assert.Equal("SUCCESS", await factory.DeliverAsync(Cost(sku, 2.50m), $"cost-{sku}"));
            }
        }

        var gen = Gen.Select(RandomHistoryProperties.Specs.List[1, 6], Gen.Int, (specs, seed) => (specs, seed));
        await gen.SampleAsync(async sample =>
        {
            var round = Interlocked.Increment(ref _round);
            var random = new Random(sample.seed);
            var stream = Stream(round, sample.specs, random);
            await DeliverOneByOneAsync(stream);
            await DeliverInBulksAsync(stream, _bulk);
            // This round's SKU-C cost arrives last: its held facts post on both sides.
            foreach (var factory in new[] { _single, _bulk })
            {
                Assert.Equal("SUCCESS", await factory.DeliverAsync(Cost($"SKU-C{round}", 1.75m), $"cost-C-{round}"));
            }

            Assert.Equal(await SnapshotAsync(_single), await SnapshotAsync(_bulk));
        }, iter: 12, threads: 1);

        var client = _bulk.CreateLedgerClient();
        Assert.Empty((await client.ReconcileAsync(new ReconcileRequest())).Differences);
        Assert.True((await client.GetTrialBalanceAsync(new GetTrialBalanceRequest { CurrencyCode = "EUR" })).Balanced);
    }

    [Fact]
    public Task A_bulk_whose_rule_fails_midway_posts_the_rest_and_holds_the_order_as_one_by_one() => MidwayFailureAsync(_bulk);

    [Fact]
    public async Task Bulk_deliveries_on_postgresql_post_what_one_by_one_posts_on_sqlite()
    {
        // The batched inserts and the versioned order update in PostgreSQL's dialect (several rows per statement there).
        using var postgres = LedgerFactory.OnPostgreSql(await PostgresServer.CreateDatabaseAsync("ledgerdb"));
        await MidwayFailureAsync(postgres);
    }

    private async Task MidwayFailureAsync(LedgerFactory bulk)
    {
        // SKU-X has no cost: the second shipment of order F-1 is held, so are its later facts; F-2 is untouched.
        foreach (var factory in new[] { _single, bulk })
        {
            await factory.DeliverAsync(Cost("SKU-A", 2.50m), "cost-A");
        }

        var placed1 = new OrderPlaced
        {
            OrderId = "F-1", Channel = "web", CurrencyCode = "EUR", PlacedAt = At(2026, 11, 2), OccurredAt = At(2026, 11, 2),
            Lines = { Line("1", "SKU-A", 1, 10m, 1.90m), Line("2", "SKU-X", 1, 10m, 1.90m) },
        };
        var placed2 = new OrderPlaced
        {
            OrderId = "F-2", Channel = "web", CurrencyCode = "EUR", PlacedAt = At(2026, 11, 2), OccurredAt = At(2026, 11, 2),
            Lines = { Line("1", "SKU-A", 2, 10m, 3.80m) },
        };
        ShippedLine Ship(string line, string sku) => new() { LineId = line, Sku = sku, Quantity = 1 };
        var stream = new List<(IMessage, string)>
        {
            (placed1, "f-p1"), (placed2, "f-p2"),
            (new OrderShipped { OrderId = "F-1", ShipmentId = "S1", LocationId = "WH1", OccurredAt = At(2026, 11, 3), Lines = { Ship("1", "SKU-A") } }, "f-s1"),
            (new OrderShipped { OrderId = "F-2", ShipmentId = "S1", LocationId = "WH1", OccurredAt = At(2026, 11, 3), Lines = { Ship("1", "SKU-A") } }, "f-s2"),
            (new OrderShipped { OrderId = "F-1", ShipmentId = "S2", LocationId = "WH1", OccurredAt = At(2026, 11, 3), Lines = { Ship("2", "SKU-X") } }, "f-s3"),
            (new OrderShipped { OrderId = "F-2", ShipmentId = "S2", LocationId = "WH1", OccurredAt = At(2026, 11, 3), Lines = { Ship("1", "SKU-A") } }, "f-s4"),
            (new OrderShipped { OrderId = "F-1", ShipmentId = "S3", LocationId = "WH1", OccurredAt = At(2026, 11, 3), Lines = { Ship("1", "SKU-A") } }, "f-s5"),
        };
        await DeliverOneByOneAsync(stream);
        await DeliverInBulksAsync(stream, bulk);

        var single = await SnapshotAsync(_single);
        Assert.Equal(single, await SnapshotAsync(bulk));
        Assert.Equal(["f-s3", "f-s5"], single.Held.Select(h => h.Split('|')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(3, single.Entries.Count);
        // One journal-entries-posted event per posting transaction: one per fact one by one, one for the whole bulk.
        Assert.Equal([["event:f-s1"], ["event:f-s2"], ["event:f-s4"]], await AnnouncedAsync(_single));
        Assert.Equal([["event:f-s1", "event:f-s2", "event:f-s4"]], await AnnouncedAsync(bulk));
    }

    /// <summary>The source keys of each journal-entries-posted event's entries, events in outbox order.</summary>
    private static async Task<List<List<string>>> AnnouncedAsync(LedgerFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        return (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == EventTypes.Of<JournalEntriesPosted>()).OrderBy(m => m.Id).Select(m => m.Data).ToListAsync())
            .Select(data => JournalEntriesPosted.Parser.ParseJson(data).Entries.Select(e => e.SourceKey).ToList()).ToList();
    }

    /// <summary>The orders' facts interleaved at random (each order's in its own order), with the extra cases mixed in.</summary>
    private static List<(IMessage Event, string Id)> Stream(int round, List<RandomHistoryProperties.Spec> specs, Random random)
    {
        var queues = specs.Select((spec, i) =>
        {
            var (events, _, _, _) = RandomHistoryProperties.History($"B{round}-{i}", spec, random);
            if (i == 1)
            {
                // This order's second SKU has no cost yet: its shipments and restocked refunds are held until it comes.
                foreach (var evt in events)
                {
                    ReplaceSku(evt, "SKU-B", $"SKU-C{round}");
                }
            }

            var queue = new Queue<(IMessage, string)>(events.Select((e, n) => (e, $"b{round}-{i}-{n}")));
            if (i == 2 && queue.Count > 1)
            {
                // Its first fact after the placement arrives before it: held, then released when the order is placed.
                var first = queue.Dequeue();
                var second = queue.Dequeue();
                queue = new Queue<(IMessage, string)>(new[] { second, first }.Concat(queue));
            }

            return queue;
        }).ToList();

        var stream = new List<(IMessage, string)>();
        while (queues.Any(q => q.Count > 0))
        {
            var open = queues.Where(q => q.Count > 0).ToList();
            var next = open[random.Next(open.Count)].Dequeue();
            stream.Add(next);
            if (random.Next(8) == 0)
            {
                // A redelivery (the same id), right after or later.
                stream.Add(next);
            }
        }

        return stream;
    }

    private static void ReplaceSku(IMessage evt, string from, string to)
    {
        switch (evt)
        {
            case OrderPlaced p:
                foreach (var l in p.Lines.Where(l => l.Sku == from))
                {
                    l.Sku = to;
                }

                break;
            case OrderShipped s:
                foreach (var l in s.Lines.Where(l => l.Sku == from))
                {
                    l.Sku = to;
                }

                break;
            case OrderRefunded r:
                foreach (var l in r.Lines.Where(l => l.Sku == from))
                {
                    l.Sku = to;
                }

                break;
        }
    }

    private async Task DeliverOneByOneAsync(List<(IMessage Event, string Id)> stream)
    {
        foreach (var (evt, id) in stream)
        {
            Assert.Equal("SUCCESS", await _single.DeliverAsync(evt, id));
        }
    }

    /// <summary>Each run of one event type as one Dapr bulk delivery, so the facts arrive in the same order as one by one.</summary>
    private static async Task DeliverInBulksAsync(List<(IMessage Event, string Id)> stream, LedgerFactory bulk)
    {
        using var http = bulk.CreateClient();
        for (var start = 0; start < stream.Count;)
        {
            var type = stream[start].Event.GetType();
            var run = stream.Skip(start).TakeWhile(e => e.Event.GetType() == type).ToList();
            start += run.Count;
            var topic = EventTypes.Of(run[0].Event);
            var entries = run.Select((e, n) => ($"entry-{n}",
                CloudEventCodec.Encode(new ReceivedEvent(e.Id, topic, "test", "order/test", DateTimeOffset.UtcNow, null, EventJson.Format(e.Event))))).ToList();
            using var content = new ByteArrayContent(BulkDelivery.Encode(topic, "pubsub", entries));
            content.Headers.ContentType = new MediaTypeHeaderValue(BulkDelivery.ContentType);
            using var response = await http.PostAsync(new Uri($"/events/{topic}/{type.Name}Handler", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            var statuses = BulkDelivery.ReadStatuses(await response.Content.ReadAsStringAsync());
            Assert.All(entries, e => Assert.Equal("SUCCESS", statuses.GetValueOrDefault(e.Item1)));
        }
    }

    /// <summary>Everything the postings wrote, without generated ids and clock readings.</summary>
    private sealed record Snapshot(
        List<string> Entries, List<string> Records, List<string> Orders, List<string> Held, List<string> Posted, List<string> Demand, int Inbox)
    {
        public bool Equals(Snapshot? other) =>
            other is not null && Entries.SequenceEqual(other.Entries) && Records.SequenceEqual(other.Records) && Orders.SequenceEqual(other.Orders)
            && Held.SequenceEqual(other.Held) && Posted.SequenceEqual(other.Posted) && Demand.SequenceEqual(other.Demand) && Inbox == other.Inbox;

        public override int GetHashCode() => Entries.Count;

        public override string ToString() =>
            string.Join("\n", new[] { Entries, Records, Orders, Held, Posted, Demand }.Select(l => string.Join("\n  ", l))) + $"\ninbox {Inbox}";
    }

    private static async Task<Snapshot> SnapshotAsync(LedgerFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var entries = await db.JournalEntries.AsNoTracking().Include(e => e.Lines).ToListAsync();
        var keyOf = entries.ToDictionary(e => e.Id, e => e.SourceKey);
        // One journal-entries-posted event per posting transaction; every posted entry in exactly one of them, once.
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.Type == "integration.ledger.journal-posted.v1"));
        var announced = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == EventTypes.Of<JournalEntriesPosted>()).OrderBy(m => m.Id).Select(m => m.Data).ToListAsync())
            .Select(data => JournalEntriesPosted.Parser.ParseJson(data)).ToList();
        Assert.All(announced, a => Assert.NotEmpty(a.Entries));
        var announcedEntries = announced.SelectMany(a => a.Entries).ToList();
        Assert.Equal(entries.Select(e => e.Id).Order(StringComparer.Ordinal), announcedEntries.Select(p => p.EntryId).Order(StringComparer.Ordinal));
        var posted = announcedEntries
            .Select(p => $"{p.SourceKey} {p.PostingDate} {p.Period} {p.OrderId} {string.Join(",", p.Totals)}")
            .Order(StringComparer.Ordinal).ToList();
        await DayTotalProperties.AssertTotalsAreTheLineSumsAsync(factory);
        return new Snapshot(
            entries.Select(e => $"{e.SourceKey} {e.PostingDate} {e.OriginalDate} {e.Period} {e.RequestHash} {e.Description}: " +
                    string.Join("; ", e.Lines.OrderBy(l => l.LineNo).Select(l => $"{l.LineNo} {l.AccountNumber} {l.Side} {l.AmountMinor} {l.Currency} {l.Memo}")))
                .Order(StringComparer.Ordinal).ToList(),
            (await db.Set<PostingRecord>().AsNoTracking().ToListAsync()).Select(r => $"{keyOf[r.EntryId]} {r.OrderId} {r.EventId} {r.Kind}").Order(StringComparer.Ordinal).ToList(),
            (await db.Set<LedgerOrder>().AsNoTracking().ToListAsync()).Select(o => $"{o.OrderId} {o.Channel} {o.Currency} v{o.Version} {o.StateJson} {o.FactsJson}")
                .Order(StringComparer.Ordinal).ToList(),
            (await db.Set<HeldPosting>().AsNoTracking().ToListAsync())
                .Select(h => $"{h.EventId}|{h.EventType} {h.OrderId} {h.Reason} attempts {h.Attempts} released {h.ReleasedAt is not null}").Order(StringComparer.Ordinal).ToList(),
            posted,
            // One by one makes a row per event, a bulk one per SKU and day: the sums are what count.
            (await db.Set<DemandMovement>().AsNoTracking().ToListAsync())
                .GroupBy(d => (d.Sku, d.LocationId, d.Day, d.Kind, d.Reference)).Select(g => $"{g.Key} {g.Sum(d => d.Units)}").Order(StringComparer.Ordinal).ToList(),
            await db.Set<InboxRecord>().AsNoTracking().CountAsync());
    }
}
