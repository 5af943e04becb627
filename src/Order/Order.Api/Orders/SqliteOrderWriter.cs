using Integration.Order.Data.Orders;
using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>
/// The group commit's inserts on SQLite: one prepared statement per table, reused for every row of the batch, on the
/// batch's connection inside its transaction (OrderPlaced's outbox rows follow through Messaging's BatchInsert; exceptions
/// and held events of an order that failed its checks still go through EF in the same transaction). EF's SaveChanges
/// spent three quarters of the single writer's time building command batches for the ~8 rows an order has; binding by
/// name through ADO.NET was then a third of the inserts' time, so values are bound by position
/// (<see cref="SqliteRowStatement"/>), converted as the ADO.NET provider EF uses converts them: stored exactly as EF
/// stores them (SqliteOrderWriterTests compare every column with rows EF wrote).
/// Only for SQLite, whose one writer is the wall; other providers take EF's path.
/// </summary>
internal static class SqliteOrderWriter
{
    // Each list is bound in this order below.
    private static readonly string OrderSql = Sql("orders",
    [
        "Id", "Channel", "ExternalOrderId", "OrderNumber", "Currency", "PresentmentCurrency", "TaxesIncluded", "CustomerReference", "Discounts",
        "Subtotal", "TotalDiscounts", "TotalShipping", "TotalTax", "Total", "PlacedAt", "ChannelUpdatedAt", "FinancialStatus", "FulfillmentStatus",
        "Cancelled", "CancelReason", "CancelledAt", "AuthorizedAmount", "CapturedAmount", "RefundedAmount", "Voided", "Held", "StaleUpdatesIgnored",
        "Version", "CreatedAt", "UpdatedAt",
    ]);

    private static readonly string LineSql = Sql("order_lines",
    [
        "OrderId", "ExternalLineId", "Sku", "Title", "Quantity", "UnitPrice", "TotalDiscount", "DiscountAllocations",
        "QuantityShipped", "QuantityRefunded", "QuantityReturned", "QuantityCancelled", "Position",
    ]);

    private static readonly string LineTaxSql = Sql("order_line_taxes", ["OrderLineId", "Position", "Title", "Rate", "Amount"]);

    private static readonly string ShippingSql = Sql("shipping_lines", ["OrderId", "Title", "Price", "Discount", "Position"]);

    private static readonly string ShippingTaxSql = Sql("shipping_line_taxes", ["ShippingLineId", "Position", "Title", "Rate", "Amount"]);

    /// <summary>Inserts the orders with their lines and taxes; sets each line's and shipping line's generated id.</summary>
    public static void Insert(SqliteConnection connection, IEnumerable<StoredOrder> orders)
    {
        using var order = new SqliteRowStatement(connection, OrderSql);
        using var line = new SqliteRowStatement(connection, LineSql);
        using var lineTax = new SqliteRowStatement(connection, LineTaxSql);
        using var shipping = new SqliteRowStatement(connection, ShippingSql);
        using var shippingTax = new SqliteRowStatement(connection, ShippingTaxSql);
        foreach (var o in orders)
        {
            order.Add(o.Id).Add(o.Channel).Add(o.ExternalOrderId).Add(o.OrderNumber).Add(o.Currency).Add(o.PresentmentCurrency)
                .Add(o.TaxesIncluded).Add(o.CustomerReference).Add(o.Discounts)
                .Add(o.Subtotal).Add(o.TotalDiscounts).Add(o.TotalShipping).Add(o.TotalTax).Add(o.Total).Add(o.PlacedAt).Add(o.ChannelUpdatedAt)
                .Add(o.FinancialStatus.ToString()).Add(o.FulfillmentStatus.ToString())
                .Add(o.Cancelled).Add(o.CancelReason).Add(o.CancelledAt).Add(o.AuthorizedAmount).Add(o.CapturedAmount).Add(o.RefundedAmount)
                .Add(o.Voided).Add(o.Held).Add(o.StaleUpdatesIgnored)
                .Add(o.Version).Add(o.CreatedAt).Add(o.UpdatedAt)
                .Run();
            foreach (var l in o.Lines)
            {
                l.Id = line.Add(l.OrderId).Add(l.ExternalLineId).Add(l.Sku).Add(l.Title).Add(l.Quantity).Add(l.UnitPrice).Add(l.TotalDiscount)
                    .Add(l.DiscountAllocations).Add(l.QuantityShipped).Add(l.QuantityRefunded).Add(l.QuantityReturned).Add(l.QuantityCancelled)
                    .Add(l.Position)
                    .RunInsert();
                Taxes(lineTax, l.Id, l.TaxLines);
            }

            foreach (var s in o.ShippingLines)
            {
                s.Id = shipping.Add(s.OrderId).Add(s.Title).Add(s.Price).Add(s.Discount).Add(s.Position).RunInsert();
                Taxes(shippingTax, s.Id, s.TaxLines);
            }
        }
    }

    private static void Taxes(SqliteRowStatement statement, long ownerId, List<TaxLine> taxes)
    {
        foreach (var t in taxes)
        {
            statement.Add(ownerId).Add(t.Position).Add(t.Title).Add(t.Rate).Add(t.Amount).Run();
        }
    }

    private static string Sql(string table, string[] columns) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))})";
}
