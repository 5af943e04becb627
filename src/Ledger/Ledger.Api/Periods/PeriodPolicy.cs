using Integration.Ledger.Data;
using Integration.Ledger.Data.Periods;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Periods;

/// <summary>
/// The one rule every posting goes through: nothing is booked into a closed period. Facts from
/// events (a late shipment) roll forward into the next open period and keep their original date;
/// a date a person chose is refused instead (<see cref="RequireOpenAsync"/>).
/// </summary>
public sealed class PeriodPolicy(LedgerDbContext db)
{
    /// <summary>The period <paramref name="originalDate"/> books into: its own if open, else the first open one after it.</summary>
    public async Task<PostingPeriod> ResolveAsync(DateOnly originalDate, CancellationToken ct) =>
        Resolve(originalDate, await ClosedFromAsync(PeriodNames.Of(originalDate), ct));

    /// <summary>Every closed period, read once for many facts (a bulk delivery) in the caller's transaction.</summary>
    public async Task<IReadOnlySet<string>> ClosedAsync(CancellationToken ct) =>
        (await db.Set<AccountingPeriod>().AsNoTracking().Where(p => p.Closed).Select(p => p.Period).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>As <see cref="ResolveAsync"/>, against closed periods read before (<see cref="ClosedAsync"/>).</summary>
    public static PostingPeriod Resolve(DateOnly originalDate, IReadOnlySet<string> closed)
    {
        var period = PeriodNames.Of(originalDate);
        if (!closed.Contains(period))
        {
            return new PostingPeriod(originalDate, period, originalDate);
        }

        // Walk month by month past the closed run; the set is finite, so this ends.
        var date = PeriodNames.FirstDayOfNext(originalDate);
        while (closed.Contains(PeriodNames.Of(date)))
        {
            date = date.AddMonths(1);
        }

        return new PostingPeriod(date, PeriodNames.Of(date), originalDate);
    }

    /// <summary>
    /// <paramref name="date"/> in its own period, or FailedPrecondition when that period is closed:
    /// a manual entry's date was chosen by a person, so moving it silently would be wrong.
    /// </summary>
    public async Task<PostingPeriod> RequireOpenAsync(DateOnly date, CancellationToken ct)
    {
        var period = PeriodNames.Of(date);
        if (await IsClosedAsync(period, ct))
        {
            throw new PreconditionFailedException(
                $"period {period} is closed; post with a date in an open period, or reopen {period} first");
        }

        return new PostingPeriod(date, period, date);
    }

    public Task<bool> IsClosedAsync(string period, CancellationToken ct) =>
        db.Set<AccountingPeriod>().AsNoTracking().AnyAsync(p => p.Period == period && p.Closed, ct);

    private async Task<HashSet<string>> ClosedFromAsync(string period, CancellationToken ct)
    {
        // "YYYY-MM" sorts as text in date order, so the closed periods from this one on are a range.
        var closed = await db.Set<AccountingPeriod>().AsNoTracking()
            .Where(p => p.Closed && string.Compare(p.Period, period) >= 0)
            .Select(p => p.Period)
            .ToListAsync(ct);
        return closed.ToHashSet(StringComparer.Ordinal);
    }
}
