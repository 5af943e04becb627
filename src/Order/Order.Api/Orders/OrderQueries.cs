using Microsoft.EntityFrameworkCore;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>How a whole order is read: lines and shipping with their taxes, one query per collection.</summary>
internal static class OrderQueries
{
    // Split queries: an order may have a thousand lines, and joining them with shipping lines would multiply rows.
    public static IQueryable<StoredOrder> WithDetails(this DbSet<StoredOrder> orders) =>
        orders.AsNoTracking().Include(o => o.Lines).Include(o => o.ShippingLines).AsSplitQuery();
}
