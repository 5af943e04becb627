using System.Text.Json;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using JournalLine = Integration.Ledger.Data.Journal.JournalLine;
using Integration.Ledger.Data.Postings;
using Integration.Ledger.Journal;
using Integration.Ledger.Postings;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Reconciliation;

/// <summary>
/// Replays each order's applied facts through the posting rules and compares the expected postings per account (in
/// the order currency) with the journal entries those facts produced; then checks the deferred revenue account against
/// the orders' paid-but-unshipped value. Cost lines (COGS, inventory) are left out of the per-order replay: they were
/// posted at the standard cost of their day, which a replay with today's cost would not reproduce.
/// </summary>
internal sealed class Reconciler(LedgerDbContext db, AccountMap accounts)
{
    public async Task<ReconcileResponse> RunAsync(string? orderId, CancellationToken ct)
    {
        var categories = await db.Set<SkuCost>().AsNoTracking().ToDictionaryAsync(c => c.Sku, c => c.GlCategory, StringComparer.Ordinal, ct);
        var orders = db.Set<LedgerOrder>().AsNoTracking();
        if (orderId is not null)
        {
            orders = orders.Where(o => o.OrderId == orderId);
        }

        var response = new ReconcileResponse();
        var costAccounts = new HashSet<string>(StringComparer.Ordinal) { accounts.Inventory };
        var deferredByCurrency = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var order in await orders.ToListAsync(ct))
        {
            response.OrdersChecked++;
            var facts = JsonSerializer.Deserialize(order.FactsJson, PostingJson.Facts) ?? [];
            var expected = new Dictionary<string, long>(StringComparer.Ordinal);
            OrderState? state = null;
            string? failure = null;
            try
            {
                foreach (var fact in facts)
                {
                    var evt = FactRules.Parse(fact.Type, fact.Data);
                    if (evt is OrderPlaced placed)
                    {
                        state = OrderBook.Open(placed, accounts.Options);
                        continue;
                    }

                    if (state is null || FactRules.For(evt, fact.EventId) is not { } rule)
                    {
                        continue;
                    }

                    // Costs do not matter here: the cost lines are compared ledger-wide, not per order.
                    var draft = rule.Rule(new OrderBook(state, accounts, sku => new SkuCost { Sku = sku, UnitCost = 0m, CostCurrency = order.Currency, GlCategory = CategoryOf(sku) }));
                    foreach (var line in draft.Lines.Where(l => l.Currency == order.Currency && l.Minor != 0))
                    {
                        expected[line.Account] = expected.GetValueOrDefault(line.Account) + (line.Side == JournalLine.DebitSide ? line.Minor : -line.Minor);
                    }
                }
            }
            catch (MappingMissingException ex)
            {
                failure = ex.Message;
            }

            var actual = await ActualAsync(order.OrderId, order.Currency, ct);
            foreach (var account in expected.Keys.Union(actual.Keys).Where(a => !costAccounts.Contains(a) && !IsCogs(a)).Order(StringComparer.Ordinal))
            {
                var (want, have) = (expected.GetValueOrDefault(account), actual.GetValueOrDefault(account));
                if (want != have || failure is not null)
                {
                    response.Differences.Add(Difference(order.OrderId, account, order.Currency, want, have, facts.Select(f => f.EventId),
                        failure ?? "postings expected from the order's facts differ from the journal"));
                }
            }

            var stored = JsonSerializer.Deserialize(order.StateJson, PostingJson.State);
            deferredByCurrency[order.Currency] = deferredByCurrency.GetValueOrDefault(order.Currency) + (stored?.Deferred ?? 0);
        }

        if (orderId is null)
        {
            await CheckDeferredAsync(response, deferredByCurrency, ct);
        }

        PostingTelemetry.ReconciliationDifferences.Add(response.Differences.Count);
        return response;

        // Revenue accounts are keyed by GL category; the replay must pick the same ones as the live posting did.
        string CategoryOf(string sku) => categories.GetValueOrDefault(sku) ?? string.Empty;
    }

    private bool IsCogs(string account) => accounts.Options.Cogs.ContainsValue(account);

    private async Task<Dictionary<string, long>> ActualAsync(string orderId, string currency, CancellationToken ct)
    {
        var entryIds = db.Set<PostingRecord>().Where(r => r.OrderId == orderId).Select(r => r.EntryId);
        var sums = await db.JournalEntries.AsNoTracking()
            .Where(e => entryIds.Contains(e.Id))
            .SelectMany(e => e.Lines)
            .Where(l => l.Currency == currency)
            .GroupBy(l => l.AccountNumber)
            .Select(g => new { Account = g.Key, Net = g.Sum(l => l.Side == JournalLine.DebitSide ? l.AmountMinor : -l.AmountMinor) })
            .ToListAsync(ct);
        return sums.ToDictionary(s => s.Account, s => s.Net, StringComparer.Ordinal);
    }

    private async Task CheckDeferredAsync(ReconcileResponse response, Dictionary<string, long> expected, CancellationToken ct)
    {
        var deferred = accounts.Deferred;
        // The account's balance from the day totals (kept equal to its lines; a row per day, not per line).
        var balances = await db.AccountDayTotals.AsNoTracking()
            .Where(t => t.AccountNumber == deferred)
            .GroupBy(t => t.Currency)
            .Select(g => new { Currency = g.Key, Credit = g.Sum(t => t.CreditMinor - t.DebitMinor) })
            .ToListAsync(ct);
        foreach (var currency in expected.Keys.Union(balances.Select(b => b.Currency)))
        {
            var want = expected.GetValueOrDefault(currency);
            var have = balances.Find(b => b.Currency == currency)?.Credit ?? 0;
            if (want != have)
            {
                response.Differences.Add(Difference(string.Empty, deferred, currency, -want, -have, [],
                    "deferred revenue balance differs from the orders' paid-but-unshipped value"));
            }
        }
    }

    private static ReconciliationDifference Difference(string orderId, string account, string currency, long expected, long actual, IEnumerable<string> events, string description)
    {
        var difference = new ReconciliationDifference
        {
            OrderId = orderId, AccountNumber = account, Description = description,
            Expected = MinorUnits.FromMinor(expected, currency).ToMoney(currency),
            Actual = MinorUnits.FromMinor(actual, currency).ToMoney(currency),
        };
        difference.EventIds.AddRange(events);
        return difference;
    }
}
