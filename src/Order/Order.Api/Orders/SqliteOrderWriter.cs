using System.Data.Common;
using Integration.Order.Data.Orders;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Orders;

/// <summary>
/// The group commit's inserts on SQLite: one prepared statement per table, reused for every row of the batch, inside the
/// batch's transaction (OrderPlaced's outbox rows follow through Messaging's BatchInsert; exceptions and held events of an
/// order that failed its checks still go through EF in the same transaction). EF's SaveChanges
/// spent three quarters of the single writer's time building command batches for the ~8 rows an order has (measured with
/// dotnet-trace); values are bound by the same ADO.NET provider EF uses, so they are stored exactly as EF stores them.
/// Only for SQLite, whose one writer is the wall; other providers take EF's path.
/// </summary>
internal static class SqliteOrderWriter
{
    public const string Provider = "Microsoft.EntityFrameworkCore.Sqlite";

    private static readonly string[] OrderColumns =
    [
        "Id", "Channel", "ExternalOrderId", "OrderNumber", "Currency", "PresentmentCurrency", "TaxesIncluded", "CustomerReference", "Discounts",
        "Subtotal", "TotalDiscounts", "TotalShipping", "TotalTax", "Total", "PlacedAt", "ChannelUpdatedAt", "FinancialStatus", "FulfillmentStatus",
        "Cancelled", "CancelReason", "CancelledAt", "AuthorizedAmount", "CapturedAmount", "RefundedAmount", "Voided", "Held", "StaleUpdatesIgnored",
        "Version", "CreatedAt", "UpdatedAt",
    ];

    private static readonly string[] LineColumns =
    [
        "OrderId", "ExternalLineId", "Sku", "Title", "Quantity", "UnitPrice", "TotalDiscount", "DiscountAllocations",
        "QuantityShipped", "QuantityRefunded", "QuantityReturned", "QuantityCancelled", "Position",
    ];

    private static readonly string[] ShippingColumns = ["OrderId", "Title", "Price", "Discount", "Position"];

    public static async Task InsertAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<StoredOrder> orders, CancellationToken ct)
    {
        await using var order = Prepare(connection, transaction, "orders", OrderColumns, returningId: false);
        await using var line = Prepare(connection, transaction, "order_lines", LineColumns, returningId: true);
        await using var lineTax = Prepare(connection, transaction, "order_line_taxes", ["OrderLineId", "Position", "Title", "Rate", "Amount"], returningId: false);
        await using var shipping = Prepare(connection, transaction, "shipping_lines", ShippingColumns, returningId: true);
        await using var shippingTax = Prepare(connection, transaction, "shipping_line_taxes", ["ShippingLineId", "Position", "Title", "Rate", "Amount"], returningId: false);
        foreach (var o in orders)
        {
            await RunAsync(order, ct,
                o.Id, o.Channel, o.ExternalOrderId, o.OrderNumber, o.Currency, o.PresentmentCurrency, o.TaxesIncluded, o.CustomerReference, o.Discounts,
                o.Subtotal, o.TotalDiscounts, o.TotalShipping, o.TotalTax, o.Total, o.PlacedAt, o.ChannelUpdatedAt, o.FinancialStatus.ToString(),
                o.FulfillmentStatus.ToString(), o.Cancelled, o.CancelReason, o.CancelledAt, o.AuthorizedAmount, o.CapturedAmount, o.RefundedAmount,
                o.Voided, o.Held, o.StaleUpdatesIgnored, o.Version, o.CreatedAt, o.UpdatedAt);
            foreach (var l in o.Lines)
            {
                l.Id = (long)(await ScalarAsync(line, ct,
                    l.OrderId, l.ExternalLineId, l.Sku, l.Title, l.Quantity, l.UnitPrice, l.TotalDiscount, l.DiscountAllocations,
                    l.QuantityShipped, l.QuantityRefunded, l.QuantityReturned, l.QuantityCancelled, l.Position))!;
                await TaxesAsync(lineTax, l.Id, l.TaxLines, ct);
            }

            foreach (var s in o.ShippingLines)
            {
                s.Id = (long)(await ScalarAsync(shipping, ct, s.OrderId, s.Title, s.Price, s.Discount, s.Position))!;
                await TaxesAsync(shippingTax, s.Id, s.TaxLines, ct);
            }
        }
    }

    private static async Task TaxesAsync(DbCommand command, long ownerId, IEnumerable<TaxLine> taxes, CancellationToken ct)
    {
        foreach (var t in taxes)
        {
            await RunAsync(command, ct, ownerId, t.Position, t.Title, t.Rate, t.Amount);
        }
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string table, string[] columns, bool returningId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})" + (returningId ? " RETURNING \"Id\"" : string.Empty);
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static Task RunAsync(DbCommand command, CancellationToken ct, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQueryAsync(ct);
    }

    private static Task<object?> ScalarAsync(DbCommand command, CancellationToken ct, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteScalarAsync(ct);
    }

    private static void Bind(DbCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
