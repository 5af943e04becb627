using System.Text.Json;
using Integration.Ledger.Data.Journal;
using Integration.Ledger.Data.Postings;
using Integration.Ledger.Journal;
using Integration.Ledger.Periods;
using Integration.Ledger.Postings.Sqlite;
using Integration.Messaging.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings;

/// <summary>
/// Many facts at once (a bulk delivery), with the effects of applying them one by one in their order: each order is read
/// once and written once, costs and closed periods are read once, and the entries, lines and posting records are
/// inserted as batches. The one-by-one path (<see cref="ApplyAsync"/>) stays for held facts and single deliveries.
/// </summary>
internal sealed partial class OrderPostings
{
    public async Task ApplyBulkAsync(IReadOnlyList<(Fact Fact, Func<OrderBook, PostingDraft> Rule)> facts, CancellationToken ct)
    {
        var ids = facts.Select(f => f.Fact.OrderId).Distinct(StringComparer.Ordinal).ToList();
        // Not the facts: new ones are appended in the UPDATE (an order's facts grow with every fact; reading and rewriting
        // them was most of the bytes a bulk moved).
        var orders = await db.Set<LedgerOrder>().AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.OrderId))
            .Select(o => new LedgerOrder { OrderId = o.OrderId, Version = o.Version, StateJson = o.StateJson })
            .ToDictionaryAsync(o => o.OrderId, o => new OpenOrder(o, Read(o.StateJson)), StringComparer.Ordinal, ct);
        var blocked = (await db.Set<HeldPosting>().AsNoTracking().Where(h => EF.Parameter(ids).Contains(h.OrderId) && h.ReleasedAt == null)
            .Select(h => h.OrderId).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var skus = orders.Values.SelectMany(o => o.State.Lines).Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList();
        var costs = await db.Set<SkuCost>().AsNoTracking().Where(c => EF.Parameter(skus).Contains(c.Sku)).ToDictionaryAsync(c => c.Sku, StringComparer.Ordinal, ct);
        var closed = await periods.ClosedAsync(ct);
        SkuCost? Cost(string sku) => costs.GetValueOrDefault(sku);

        var entries = new List<JournalEntry>();
        var lines = new List<JournalLine>();
        var posted = new List<(JournalEntry, string)>();
        var records = new List<PostingRecord>();
        foreach (var (fact, rule) in facts)
        {
            if (!orders.TryGetValue(fact.OrderId, out var order))
            {
                Hold(fact, "the order has not been placed in the Ledger yet");
                continue;
            }

            if (blocked.Contains(fact.OrderId))
            {
                Hold(fact, "an earlier fact of this order is held; facts of one order post in order");
                continue;
            }

            PostingDraft draft;
            try
            {
                draft = rule(new OrderBook(order.State, accounts, Cost));
                draft.EnsureBalanced();
            }
            catch (MappingMissingException ex)
            {
                // The rule may have changed the state before it failed: back to the state after the facts applied so far.
                order.Rewind(Read, accounts, Cost);
                Hold(fact, ex.Message);
                blocked.Add(fact.OrderId);
                continue;
            }

            order.Applied.Add(rule);
            if (!draft.IsEmpty)
            {
                var entry = BuildEntry(fact, draft, PeriodPolicy.Resolve(fact.Date, closed));
                entries.Add(entry);
                lines.AddRange(entry.Lines);
                posted.Add((entry, fact.OrderId));
                if (fact.OrderId.Length > 0)
                {
                    records.Add(new PostingRecord { EntryId = entry.Id, OrderId = fact.OrderId, EventId = fact.EventId, Kind = fact.Type });
                }
            }

            order.Facts.Add(RecordedFact.Of(fact).ToJson());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var changes = orders.Values.Where(o => o.Applied.Count > 0)
            .Select(o => new OrderRows.Change(o.Row.OrderId, o.Row.Version, o.Row.Version + o.Applied.Count, JsonSerializer.Serialize(o.State, PostingJson.State), string.Join(',', o.Facts), now))
            .ToList();
        if (db.Database.IsSqlite())
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            SqlitePostingWriter.Insert(connection, entries, records);
            SqlitePostingWriter.Update(connection, changes);
        }
        else
        {
            await BatchInsert.InsertAsync(db, entries, ct);
            await BatchInsert.InsertAsync(db, lines, ct);
            await BatchInsert.InsertAsync(db, records, ct);
            await OrderRows.UpdateAsync(db, changes, ct);
        }

        // The day totals of what the bulk posted, a row per day, account and currency (not per line), in its transaction.
        await AccountDayTotals.AddAsync(db, AccountDayTotals.Of(entries), ct);

        // The bulk's one journal-entries-posted event straight into the outbox table, in the same transaction (the
        // processor wakes the dispatcher after the commit).
        if (posted.Count > 0)
        {
            await BatchInsert.InsertAsync(db, new[] { journal.PostedEvent(posted) }, ct);
        }
    }

    private JournalEntry BuildEntry(Fact fact, PostingDraft draft, PostingPeriod period)
    {
        var description = period.RolledForward ? $"{fact.Description} (fact of {fact.Date:yyyy-MM-dd}; its period was closed)" : fact.Description;
        return journal.Build($"event:{fact.EventId}", period, description, fact.EventId,
            draft.Lines.Select(l => new StagedLine(l.Account, l.Side, l.Currency, l.Minor, l.Memo.Length > 500 ? l.Memo[..500] : l.Memo)));
    }

    private static OrderState Read(string json) => JsonSerializer.Deserialize(json, PostingJson.State) ?? new OrderState();

    /// <summary>An order as read at the start of the bulk, its state after the facts applied since, and those facts' rules.</summary>
    private sealed class OpenOrder(LedgerOrder row, OrderState state)
    {
        public LedgerOrder Row => row;

        public OrderState State { get; private set; } = state;

        /// <summary>The facts applied since, as JSON items of the order's fact list.</summary>
        public List<string> Facts { get; } = [];

        public List<Func<OrderBook, PostingDraft>> Applied { get; } = [];

        /// <summary>The state as read, with the applied facts' rules run again (the rules are pure functions of state and fact).</summary>
        public void Rewind(Func<string, OrderState> read, AccountMap accounts, Func<string, SkuCost?> costs)
        {
            State = read(row.StateJson);
            foreach (var rule in Applied)
            {
                rule(new OrderBook(State, accounts, costs));
            }
        }
    }
}
