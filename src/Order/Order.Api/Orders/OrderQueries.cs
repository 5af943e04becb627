using Integration.Order.Data;
using Integration.Order.Data.Facts;
using Microsoft.EntityFrameworkCore;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>How a whole order is read: lines and shipping with their taxes, one query per collection.</summary>
internal static class OrderQueries
{
    // Split queries: an order may have a thousand lines, and joining them with shipping lines would multiply rows.
    public static IQueryable<StoredOrder> WithDetails(this DbSet<StoredOrder> orders) =>
        orders.AsNoTracking().Include(o => o.Lines).Include(o => o.ShippingLines).AsSplitQuery();

    /// <summary>The order tracked for a change (lines and shipping, for events).</summary>
    public static Task<StoredOrder?> ForUpdateAsync(this OrderDbContext db, string channel, string externalOrderId, CancellationToken ct) =>
        db.Orders.Include(o => o.Lines).Include(o => o.ShippingLines).AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Channel == channel && o.ExternalOrderId == externalOrderId, ct);

    public static Task<StoredOrder?> ForUpdateAsync(this OrderDbContext db, string orderId, CancellationToken ct) =>
        db.Orders.Include(o => o.Lines).Include(o => o.ShippingLines).AsSplitQuery().SingleOrDefaultAsync(o => o.Id == orderId, ct);

    /// <summary>Pending facts of an order, including those that arrived before it (no order id yet).</summary>
    public static Task<List<OrderFact>> PendingFactsAsync(this OrderDbContext db, StoredOrder order, CancellationToken ct) =>
        db.Facts.Where(f => f.State == FactState.Pending
                && (f.OrderId == order.Id || (f.OrderId == null && f.Channel == order.Channel && f.ExternalOrderId == order.ExternalOrderId)))
            .OrderBy(f => f.Id).ToListAsync(ct);

    /// <summary>Every fact of an order, in the order received.</summary>
    public static Task<List<OrderFact>> HistoryAsync(this OrderDbContext db, string orderId, CancellationToken ct) =>
        db.Facts.AsNoTracking().Where(f => f.OrderId == orderId).OrderBy(f => f.Id).ToListAsync(ct);
}
