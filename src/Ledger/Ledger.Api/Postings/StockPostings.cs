using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings;

/// <summary>Counted: a count's variance against inventory at cost, as shrinkage (fewer units) or a gain (more).</summary>
internal sealed class StockPostings(LedgerDbContext db, AccountMap accounts, OrderPostings postings)
{
    public async Task<bool> PostCountAsync(StockCounted counted, string eventId, CancellationToken ct, HeldPosting? retrying = null)
    {
        var fact = Fact.Of(counted, eventId, string.Empty, counted.OccurredAt,
            $"Count {counted.CountId}: {counted.Sku} at {counted.LocationId} counted {counted.Counted} against {counted.SystemOnHand} ({counted.Reason})");
        if (counted.Variance == 0)
        {
            return true;
        }

        try
        {
            var (unitCost, currency) = counted.UnitCost is { CurrencyCode.Length: > 0 } cost
                ? (cost.ToDecimal(), cost.CurrencyCode)
                : await CopyAsync(counted.Sku, ct);
            var value = Minor.Of(unitCost * Math.Abs(counted.Variance), currency);
            var draft = new PostingDraft();
            if (counted.Variance < 0)
            {
                draft.Debit(accounts.Shrinkage, currency, value, $"{-counted.Variance} × {counted.Sku} missing at {counted.LocationId}");
                draft.Credit(accounts.Inventory, currency, value, $"count {counted.CountId}");
            }
            else
            {
                draft.Debit(accounts.Inventory, currency, value, $"count {counted.CountId}");
                draft.Credit(accounts.Gain, currency, value, $"{counted.Variance} × {counted.Sku} found at {counted.LocationId}");
            }

            draft.EnsureBalanced();
            await postings.StageEntryAsync(fact, draft, ct);
            if (retrying is not null)
            {
                retrying.ReleasedAt = DateTime.UtcNow;
            }

            return true;
        }
        catch (MappingMissingException ex)
        {
            postings.Hold(fact, ex.Message, retrying);
            return false;
        }
    }

    private async Task<(decimal, string)> CopyAsync(string sku, CancellationToken ct)
    {
        var copy = await db.Set<SkuCost>().AsNoTracking().SingleOrDefaultAsync(c => c.Sku == sku, ct);
        return copy is { CostCurrency.Length: > 0 }
            ? (copy.UnitCost, copy.CostCurrency)
            : throw new MappingMissingException($"no unit cost for SKU {sku}: neither the count nor the Catalog gave one");
    }
}
