using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using JournalLine = Integration.Ledger.Data.Journal.JournalLine;
using Integration.Ledger.Data.Postings;
using Integration.Ledger.Journal;
using Integration.Ledger.Postings;
using Integration.Ledger.Reconciliation;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using HeldContract = Integration.Contracts.Ledger.V1.HeldPosting;

namespace Integration.Ledger;

internal sealed partial class LedgerGrpcService
{
    public override async Task<GetDeferredRevenueRollForwardResponse> GetDeferredRevenueRollForward(GetDeferredRevenueRollForwardRequest request, ServerCallContext context)
    {
        var from = JournalEntryInput.ParseDate(request.FromDate, "from_date") ?? throw new ValidationException("from_date", "is required");
        var to = JournalEntryInput.ParseDate(request.ToDate, "to_date") ?? throw new ValidationException("to_date", "is required");
        if (to < from)
        {
            throw new ValidationException("to_date", $"{to:yyyy-MM-dd} is before from_date {from:yyyy-MM-dd}");
        }

        var currency = Require.Currency(request.CurrencyCode, "currency_code");
        var services = context.GetHttpContext().RequestServices;
        var db = services.GetRequiredService<LedgerDbContext>();
        var deferred = services.GetRequiredService<AccountMap>().Deferred;
        var ct = context.CancellationToken;
        var lines = db.JournalEntries.AsNoTracking().SelectMany(e => e.Lines, (e, l) => new { e.Id, e.PostingDate, l.AccountNumber, l.Currency, l.Side, l.AmountMinor })
            .Where(l => l.AccountNumber == deferred && l.Currency == currency);
        // The opening from the day totals (every day before the range); the movements need each entry's kind, so lines.
        var opening = await db.AccountDayTotals.AsNoTracking().Where(t => t.AccountNumber == deferred && t.Currency == currency && t.PostingDate < from)
            .SumAsync(t => t.CreditMinor - t.DebitMinor, ct);
        var kinds = db.Set<PostingRecord>();
        var movements = await lines.Where(l => l.PostingDate >= from && l.PostingDate <= to)
            .GroupJoin(kinds, l => l.Id, k => k.EntryId, (l, k) => new { l, k })
            .SelectMany(x => x.k.DefaultIfEmpty(), (x, k) => new { x.l.Side, x.l.AmountMinor, Kind = k == null ? null : k.Kind })
            .ToListAsync(ct);
        long paid = 0, recognised = 0, refunded = 0;
        foreach (var m in movements)
        {
            var signed = m.Side == JournalLine.CreditSide ? m.AmountMinor : -m.AmountMinor;
            if (m.Kind is not null && m.Kind.EndsWith(".shipped.v1", StringComparison.Ordinal))
            {
                recognised -= signed;
            }
            else if (signed > 0)
            {
                paid += signed;
            }
            else
            {
                refunded -= signed;
            }
        }

        Contracts.Common.V1.Money M(long minor) => MinorUnits.FromMinor(minor, currency).ToMoney(currency);
        return new GetDeferredRevenueRollForwardResponse
        {
            Opening = M(opening), Paid = M(paid), Recognised = M(recognised), Refunded = M(refunded), Closing = M(opening + paid - recognised - refunded),
        };
    }

    public override async Task<ReconcileResponse> Reconcile(ReconcileRequest request, ServerCallContext context)
    {
        var orderId = request.OrderId.Length == 0 ? null : Require.Identifier(request.OrderId, "order_id");
        var reconciler = context.GetHttpContext().RequestServices.GetRequiredService<Reconciler>();
        return await reconciler.RunAsync(orderId, context.CancellationToken);
    }

    public override async Task<ListHeldPostingsResponse> ListHeldPostings(ListHeldPostingsRequest request, ServerCallContext context)
    {
        var db = context.GetHttpContext().RequestServices.GetRequiredService<LedgerDbContext>();
        var held = db.Set<Data.Postings.HeldPosting>().AsNoTracking().Where(h => h.ReleasedAt == null);
        if (request.OrderId.Length > 0)
        {
            held = held.Where(h => h.OrderId == request.OrderId);
        }

        var response = new ListHeldPostingsResponse();
        response.Held.AddRange((await held.OrderBy(h => h.HeldAt).Take(1000).ToListAsync(context.CancellationToken)).Select(h => new HeldContract
        {
            EventId = h.EventId, EventType = h.EventType, OrderId = h.OrderId, Reason = h.Reason, Attempts = h.Attempts,
            HeldAt = Timestamp.FromDateTime(DateTime.SpecifyKind(h.HeldAt, DateTimeKind.Utc)),
        }));
        return response;
    }

    public override async Task<RetryHeldPostingsResponse> RetryHeldPostings(RetryHeldPostingsRequest request, ServerCallContext context)
    {
        var services = context.GetHttpContext().RequestServices;
        var db = services.GetRequiredService<LedgerDbContext>();
        var held = services.GetRequiredService<HeldPostings>();
        var ct = context.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var posted = request.OrderId.Length > 0 ? await held.ReleaseAsync(request.OrderId, ct) : await held.ReleaseAllAsync(ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var still = await db.Set<Data.Postings.HeldPosting>().CountAsync(h => h.ReleasedAt == null, ct);
        return new RetryHeldPostingsResponse { Posted = posted, StillHeld = still };
    }
}
