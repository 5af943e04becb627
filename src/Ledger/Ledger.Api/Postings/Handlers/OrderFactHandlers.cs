using Integration.Contracts.Events.V1;
using Integration.Ledger.Demand;
using Integration.Messaging.Inbox;

namespace Integration.Ledger.Postings.Handlers;

/// <summary>Paid: clearing ← deferred revenue and tax payable.</summary>
internal sealed class OrderPaidHandler(OrderPostings postings) : IBulkEventHandler<OrderPaid>
{
    public Task HandleAsync(OrderPaid evt, EventContext context, CancellationToken ct)
    {
        var (fact, rule) = FactRules.For(evt, context.EventId)!.Value;
        return postings.ApplyAsync(fact, rule, ct);
    }

    public Task HandleBulkAsync(IReadOnlyList<BulkEvent<OrderPaid>> events, CancellationToken ct) =>
        postings.ApplyBulkAsync(events.Select(e => FactRules.For(e.Event, e.Context.EventId)!.Value).ToList(), ct);
}

/// <summary>Shipped: revenue and cost of goods sold for the shipped lines.</summary>
internal sealed class OrderShippedHandler(OrderPostings postings) : IBulkEventHandler<OrderShipped>
{
    public Task HandleAsync(OrderShipped evt, EventContext context, CancellationToken ct)
    {
        var (fact, rule) = FactRules.For(evt, context.EventId)!.Value;
        return postings.ApplyAsync(fact, rule, ct);
    }

    public Task HandleBulkAsync(IReadOnlyList<BulkEvent<OrderShipped>> events, CancellationToken ct) =>
        postings.ApplyBulkAsync(events.Select(e => FactRules.For(e.Event, e.Context.EventId)!.Value).ToList(), ct);
}

/// <summary>Refunded: the money actually refunded, split by what it refunds.</summary>
internal sealed class OrderRefundedHandler(OrderPostings postings) : IBulkEventHandler<OrderRefunded>
{
    public Task HandleAsync(OrderRefunded evt, EventContext context, CancellationToken ct)
    {
        var (fact, rule) = FactRules.For(evt, context.EventId)!.Value;
        return postings.ApplyAsync(fact, rule, ct);
    }

    public Task HandleBulkAsync(IReadOnlyList<BulkEvent<OrderRefunded>> events, CancellationToken ct) =>
        postings.ApplyBulkAsync(events.Select(e => FactRules.For(e.Event, e.Context.EventId)!.Value).ToList(), ct);
}

/// <summary>Cancelled: paid money reversed (unless its refund did it) and the unshipped units counted as cancelled demand.</summary>
internal sealed class OrderCancelledHandler(OrderPostings postings, DemandRecorder demand) : IEventHandler<OrderCancelled>
{
    public async Task HandleAsync(OrderCancelled evt, EventContext context, CancellationToken ct)
    {
        var (fact, rule) = FactRules.For(evt, context.EventId)!.Value;
        var state = await postings.ApplyAsync(fact, rule, ct);
        foreach (var line in state?.Lines ?? [])
        {
            demand.Cancelled(line.Sku, DemandRecorder.AnyLocation, fact.Date, line.Quantity - line.ShippedQuantity - line.RefundedUnshipped);
        }
    }
}

/// <summary>Returned: goods back at a location count as returned demand (the money and the cost move with the refund).</summary>
internal sealed class OrderReturnedHandler(DemandRecorder demand) : IEventHandler<OrderReturned>
{
    public Task HandleAsync(OrderReturned evt, EventContext context, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(evt.OccurredAt?.ToDateTime() ?? DateTime.UtcNow);
        foreach (var line in evt.Lines)
        {
            demand.Returned(line.Sku, evt.LocationId, day, line.Quantity);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Counted: shrinkage or gain at cost.</summary>
internal sealed class StockCountedHandler(StockPostings stock) : IEventHandler<StockCounted>
{
    public Task HandleAsync(StockCounted evt, EventContext context, CancellationToken ct) => stock.PostCountAsync(evt, context.EventId, ct);
}
