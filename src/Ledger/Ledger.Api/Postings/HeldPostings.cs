using Integration.Contracts.Events.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings;

/// <summary>Posts held facts once their cause is fixed: an order's in arrival order, stopping at the first that still cannot post.</summary>
internal sealed class HeldPostings(LedgerDbContext db, OrderPostings postings, StockPostings stock)
{
    /// <summary>Retries the held facts of one order (or of no order, for stock counts); returns how many posted.</summary>
    public async Task<int> ReleaseAsync(string orderId, CancellationToken ct)
    {
        var held = await db.Set<HeldPosting>().Where(h => h.OrderId == orderId && h.ReleasedAt == null).OrderBy(h => h.HeldAt).ThenBy(h => h.EventId).ToListAsync(ct);
        var posted = 0;
        foreach (var row in held)
        {
            var evt = FactRules.Parse(row.EventType, row.Data);
            bool applied;
            if (evt is StockCounted counted)
            {
                applied = await stock.PostCountAsync(counted, row.EventId, ct, row);
            }
            else if (FactRules.For(evt, row.EventId) is { } rule)
            {
                applied = await postings.ApplyAsync(rule.Fact, rule.Rule, ct, row) is not null;
            }
            else
            {
                row.Reason = $"no posting rule for {row.EventType}";
                applied = false;
            }

            if (!applied && orderId.Length > 0)
            {
                // Later facts of the order wait behind this one.
                break;
            }

            posted += applied ? 1 : 0;
        }

        return posted;
    }

    /// <summary>Retries every order with held facts (after a mapping or cost was fixed).</summary>
    public async Task<int> ReleaseAllAsync(CancellationToken ct)
    {
        var orders = await db.Set<HeldPosting>().Where(h => h.ReleasedAt == null).Select(h => h.OrderId).Distinct().ToListAsync(ct);
        var posted = 0;
        foreach (var order in orders)
        {
            posted += await ReleaseAsync(order, ct);
        }

        return posted;
    }
}
