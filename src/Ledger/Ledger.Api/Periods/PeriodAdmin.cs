using Integration.Ledger.Data;
using Integration.Ledger.Data.Periods;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Periods;

/// <summary>Closes and reopens periods; each change is one audited transaction.</summary>
internal sealed partial class PeriodAdmin(LedgerDbContext db, TimeProvider clock, ILogger<PeriodAdmin> logger)
{
    /// <summary>Closes <paramref name="period"/>; false when it was closed already.</summary>
    public async Task<(AccountingPeriod Period, bool Changed)> CloseAsync(string period, string actor, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Closing a running month would refuse today's facts; there is nothing to close until it ends.
        if (PeriodNames.FirstDay(period).AddMonths(1) > DateOnly.FromDateTime(now))
        {
            throw new PreconditionFailedException($"period {period} has not ended yet; a period can be closed from the first day of the next month");
        }

        return await ChangeAsync(period, closed: true, actor, reason, now, ct);
    }

    /// <summary>Reopens <paramref name="period"/>; false when it was open already.</summary>
    public Task<(AccountingPeriod Period, bool Changed)> ReopenAsync(string period, string actor, string reason, CancellationToken ct) =>
        ChangeAsync(period, closed: false, actor, reason, clock.GetUtcNow().UtcDateTime, ct);

    private async Task<(AccountingPeriod Period, bool Changed)> ChangeAsync(
        string period, bool closed, string actor, string reason, DateTime now, CancellationToken ct)
    {
        var row = await db.Set<AccountingPeriod>().SingleOrDefaultAsync(p => p.Period == period, ct);
        if ((row?.Closed ?? false) == closed)
        {
            // Already as asked: a retried request must not add a second audit entry.
            return (row ?? new AccountingPeriod { Period = period }, false);
        }

        if (row is null)
        {
            row = new AccountingPeriod { Period = period };
            db.Add(row);
        }

        row.Closed = closed;
        row.ChangedBy = actor;
        row.Reason = reason;
        row.ChangedAt = Truncated(now);
        row.Version++;
        db.Add(new PeriodAuditEntry
        {
            Period = period,
            Action = closed ? PeriodAuditEntry.CloseAction : PeriodAuditEntry.ReopenAction,
            Actor = actor,
            Reason = reason,
            At = row.ChangedAt,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The version check (or the key, for a first close) lost to a concurrent change.
            throw new PreconditionFailedException($"period {period} was changed by someone else at the same moment; read it again and retry");
        }

        LogChanged(logger, period, closed ? PeriodAuditEntry.CloseAction : PeriodAuditEntry.ReopenAction, actor, reason);
        return (row, true);
    }

    // PostgreSQL keeps microseconds: truncating makes the answer equal every later read.
    private static DateTime Truncated(DateTime now) => now.AddTicks(-(now.Ticks % 10));

    [LoggerMessage(Level = LogLevel.Information, Message = "Period {Period}: {Action} by {Actor} ({Reason})")]
    private static partial void LogChanged(ILogger logger, string period, string action, string actor, string reason);
}
