using System.Globalization;
using Integration.Order.Data;
using Integration.Order.Data.Exceptions;
using Integration.Order.Data.Facts;
using Integration.Order.Events;
using Integration.Order.Facts;
using Integration.Order.Orders;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;
using Contract = Integration.Contracts.Order.V1;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Exceptions;

/// <summary>List, retry, resolve and ignore business exceptions; every step audited, the order released when nothing holds it.</summary>
internal sealed partial class ExceptionOperations(
    OrderDbContext db, ExceptionDesk desk, OrderLifecycle lifecycle, OrderEventSink events, ILogger<ExceptionOperations> logger)
{
    private const int MaxAttempts = 5;

    public async Task<Contract.ListExceptionsResponse> ListAsync(Contract.ListExceptionsRequest request, CancellationToken ct)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var query = db.Exceptions.AsNoTracking().Include(e => e.Actions).AsQueryable();
        var types = request.ExceptionTypes.Select((t, i) => ExceptionMapping.FromContract(t) ?? throw new ValidationException($"exception_types[{i}]", $"{t} is not an exception type")).ToList();
        if (types.Count > 0)
        {
            query = query.Where(e => types.Contains(e.Type));
        }

        var states = request.ExceptionStates.Select((s, i) => ExceptionMapping.FromContract(s) ?? throw new ValidationException($"exception_states[{i}]", $"{s} is not an exception state")).ToList();
        if (states.Count > 0)
        {
            query = query.Where(e => states.Contains(e.State));
        }

        if (!string.IsNullOrWhiteSpace(request.OrderId))
        {
            var orderId = Require.Text(request.OrderId, "order_id", 32);
            query = query.Where(e => e.OrderId == orderId);
        }

        if (Instants.Read(request.OpenedBefore, "opened_before") is { } before)
        {
            query = query.Where(e => e.OpenedAt < before);
        }

        if (PageToken.Decode(request.PageToken, "page_token") is { } token)
        {
            var (at, id) = ParseToken(token);
            query = query.Where(e => e.OpenedAt > at || (e.OpenedAt == at && string.Compare(e.Id, id) > 0));
        }

        var page = await query.OrderBy(e => e.OpenedAt).ThenBy(e => e.Id).Take(size + 1).AsSplitQuery().ToListAsync(ct);
        var response = new Contract.ListExceptionsResponse();
        response.Exceptions.AddRange(page.Take(size).Select(e => e.ToContract()));
        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = PageToken.Encode($"{last.OpenedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.Id}");
        }

        return response;
    }

    public Task<Contract.BusinessException> RetryAsync(Contract.RetryExceptionRequest request, CancellationToken ct) =>
        ChangeAsync(request.ExceptionId, request.Actor, request.Reason, async (exception, order, actor, reason) =>
        {
            exception.Attempts++;
            desk.Move(exception, "retry", actor, reason, ExceptionState.Retrying);
            switch (exception.Type)
            {
                case ExceptionType.ReservationRejected:
                    // Inventory answers with StockReserved (resolves it) or ReservationRejected (reopens it).
                    events.Republish(order);
                    return;
                case ExceptionType.UnknownSku when order.Lines.All(l => l.Sku.Length > 0):
                    await CloseAsync(exception, order, "resolved", ExceptionDesk.System, "every line has a SKU now", ExceptionState.Resolved, ct);
                    return;
                case ExceptionType.OverShipment or ExceptionType.OverRefund or ExceptionType.OverReturn when exception.FactId is { } factId:
                    var fact = await db.Facts.SingleAsync(f => f.Id == factId, ct);
                    if (fact.State == FactState.Rejected && lifecycle.Reapply(order, fact))
                    {
                        await CloseAsync(exception, order, "resolved", ExceptionDesk.System, $"{fact.Kind} '{fact.ExternalId}' applied on retry", ExceptionState.Resolved, ct);
                        return;
                    }

                    desk.Move(exception, "reopened", ExceptionDesk.System, $"still refused: {fact.Reason}", ExceptionState.Open);
                    return;
                default:
                    desk.Move(exception, "reopened", ExceptionDesk.System, "the check still fails; resolve or ignore it with a reason", ExceptionState.Open);
                    return;
            }
        }, ct);

    public Task<Contract.BusinessException> ResolveAsync(Contract.ResolveExceptionRequest request, CancellationToken ct) =>
        ChangeAsync(request.ExceptionId, request.Actor, request.Reason, async (exception, order, actor, reason) =>
        {
            if (exception.Type == ExceptionType.UnknownSku)
            {
                CorrectSkus(order, request.SkuCorrections);
            }
            else if (request.SkuCorrections.Count > 0)
            {
                throw new ValidationException("sku_corrections", $"only an UNKNOWN_SKU exception takes SKU corrections; this one is {ExceptionMapping.ToContract(exception.Type)}");
            }

            await CloseAsync(exception, order, "resolved", actor, reason, ExceptionState.Resolved, ct);
        }, ct);

    public Task<Contract.BusinessException> IgnoreAsync(Contract.IgnoreExceptionRequest request, CancellationToken ct) =>
        ChangeAsync(request.ExceptionId, request.Actor, request.Reason,
            (exception, order, actor, reason) => CloseAsync(exception, order, "ignored", actor, reason, ExceptionState.Ignored, ct), ct);

    private async Task CloseAsync(OrderException exception, StoredOrder order, string action, string actor, string reason, ExceptionState to, CancellationToken ct)
    {
        desk.Move(exception, action, actor, reason, to);
        await desk.ReleaseIfClearAsync(order, exception, ct);
        LogClosed(logger, exception.Id, exception.Type, to, actor);
    }

    private static void CorrectSkus(StoredOrder order, IDictionary<string, string> corrections)
    {
        foreach (var (lineId, sku) in corrections.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var line = order.Lines.FirstOrDefault(l => l.ExternalLineId == lineId)
                ?? throw new ValidationException($"sku_corrections[{lineId}]", $"the order has no line '{lineId}'");
            line.Sku = Require.Sku(sku, $"sku_corrections[{lineId}]");
        }

        var missing = order.Lines.Where(l => l.Sku.Length == 0).Select(l => l.ExternalLineId).ToList();
        if (missing.Count > 0)
        {
            throw new PreconditionFailedException($"line(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} still have no SKU: give them in sku_corrections, or ignore the exception");
        }
    }

    private async Task<Contract.BusinessException> ChangeAsync(
        string exceptionId, string actor, string reason, Func<OrderException, StoredOrder, string, string, Task> change, CancellationToken ct)
    {
        var id = Require.Text(exceptionId, "exception_id", 32);
        var who = Require.Text(actor, "actor", 200);
        var why = Require.Text(reason, "reason", 1000);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var exception = await db.Exceptions.Include(e => e.Actions).SingleOrDefaultAsync(e => e.Id == id, ct)
                ?? throw new NotFoundException($"no exception with id '{id}'");
            if (exception.State is ExceptionState.Resolved or ExceptionState.Ignored)
            {
                throw new PreconditionFailedException($"exception '{id}' is already {exception.State.ToString().ToLowerInvariant()}; it cannot change any more");
            }

            var order = await db.ForUpdateAsync(exception.OrderId, ct) ?? throw new NotFoundException($"no order with id '{exception.OrderId}'");
            await change(exception, order, who, why);
            order.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return exception.ToContract();
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // The order changed meanwhile (a fact arrived): decide again on the new state.
            }
        }
    }

    private static (DateTime At, string Id) ParseToken(string token)
    {
        var parts = token.Split('|', 2);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999
            ? (new DateTime(ticks, DateTimeKind.Utc), parts[1])
            : throw new ValidationException("page_token", "is not a token returned by a previous page");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exception {ExceptionId} ({Type}) {State} by {Actor}")]
    private static partial void LogClosed(ILogger logger, string exceptionId, ExceptionType type, ExceptionState state, string actor);
}
