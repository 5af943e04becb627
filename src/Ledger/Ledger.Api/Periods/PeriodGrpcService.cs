using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Periods;
using PeriodRow = Integration.Ledger.Data.Periods.AccountingPeriod;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using Contract = Integration.Contracts.Ledger.V1;

namespace Integration.Ledger.Periods;

/// <summary>integration.ledger.v1.PeriodService: close, reopen and list accounting periods.</summary>
internal sealed class PeriodGrpcService(PeriodAdmin admin, LedgerDbContext db) : PeriodService.PeriodServiceBase
{
    // The column sizes of period_audit.
    private const int MaxActor = 200;
    private const int MaxReason = 500;

    public override async Task<ClosePeriodResponse> ClosePeriod(ClosePeriodRequest request, ServerCallContext context)
    {
        var period = PeriodNames.Parse(request.Period, "period");
        var (actor, reason) = Note(request.Actor, request.Reason);
        var (row, changed) = await admin.CloseAsync(period, actor, reason, context.CancellationToken);
        return new ClosePeriodResponse { Period = await WithAuditAsync(row, context.CancellationToken), Changed = changed };
    }

    public override async Task<ReopenPeriodResponse> ReopenPeriod(ReopenPeriodRequest request, ServerCallContext context)
    {
        var period = PeriodNames.Parse(request.Period, "period");
        var (actor, reason) = Note(request.Actor, request.Reason);
        var (row, changed) = await admin.ReopenAsync(period, actor, reason, context.CancellationToken);
        return new ReopenPeriodResponse { Period = await WithAuditAsync(row, context.CancellationToken), Changed = changed };
    }

    public override async Task<ListPeriodsResponse> ListPeriods(ListPeriodsRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var query = db.Set<PeriodRow>().AsNoTracking();
        if (request.ClosedOnly)
        {
            query = query.Where(p => p.Closed);
        }

        // One row per month ever closed: a small table, read whole.
        var periods = await query.ToListAsync(ct);
        var names = periods.Select(p => p.Period).ToList();
        var audit = (await db.Set<PeriodAuditEntry>().AsNoTracking().Where(a => names.Contains(a.Period)).ToListAsync(ct))
            .ToLookup(a => a.Period, StringComparer.Ordinal);
        var response = new ListPeriodsResponse();
        response.Periods.AddRange(periods
            .OrderByDescending(p => p.Period, StringComparer.Ordinal)
            .Select(p => ToContract(p, audit[p.Period])));
        return response;
    }

    private static (string Actor, string Reason) Note(string? actor, string? reason) =>
        (Require.Text(actor, "actor", MaxActor), Require.Text(reason, "reason", MaxReason));

    private async Task<Contract.AccountingPeriod> WithAuditAsync(PeriodRow row, CancellationToken ct)
    {
        var audit = await db.Set<PeriodAuditEntry>().AsNoTracking().Where(a => a.Period == row.Period).ToListAsync(ct);
        return ToContract(row, audit);
    }

    private static Contract.AccountingPeriod ToContract(PeriodRow row, IEnumerable<PeriodAuditEntry> audit)
    {
        var result = new Contract.AccountingPeriod
        {
            Period = row.Period,
            Closed = row.Closed,
            ChangedBy = row.ChangedBy,
            Reason = row.Reason,
            ChangedAt = row.ChangedAt == default ? null : Utc(row.ChangedAt),
        };
        result.Actions.AddRange(audit.OrderBy(a => a.Id).Select(a => new PeriodAction
        {
            Action = a.Action, Actor = a.Actor, Reason = a.Reason, At = Utc(a.At),
        }));
        return result;
    }

    private static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
