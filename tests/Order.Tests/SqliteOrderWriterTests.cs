using System.Data.Common;
using CsCheck;
using Integration.Order.Data.Orders;
using Integration.Order.Orders;
using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using StoredOrder = Integration.Order.Data.Orders.Order;

namespace Integration.Order.Tests;

/// <summary>
/// The SQLite group commit binds values by position into its own prepared statements instead of through
/// Microsoft.Data.Sqlite's parameters: every value must be stored exactly as that provider (and so EF) stores it — same
/// storage class, same text — and every order exactly as EF's SaveChanges stores it.
/// </summary>
public sealed class SqliteOrderWriterTests
{
    // Plain text, characters that need care (quotes, NUL, a lone surrogate, non-ASCII, an emoji), the empty string, long text.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abcXYZ019 -_.,:;/#@"], 0, 12],
        Gen.String[Gen.Char["ab '\"\\\0\n\u00e9\u4e2d\ud800"], 0, 6],
        Gen.Const("Caf\u00e9 \ud83d\ude00"),
        Gen.Const(string.Empty),
        Gen.String[Gen.Char.AlphaNumeric, 200, 400]);

    private static readonly Gen<decimal> Amount = Gen.OneOf(
        Gen.Select(Gen.Long[-1_000_000_000, 1_000_000_000], Gen.Byte[0, 8], (units, scale) => new decimal(units) / (decimal)Math.Pow(10, scale)),
        Gen.Select(Gen.Int, Gen.Int, Gen.Int, Gen.Bool, Gen.Byte[0, 28], (lo, mid, hi, negative, scale) => new decimal(lo, mid, hi, negative, scale)),
        Gen.Select(Gen.Bool, Gen.Byte[0, 28], (negative, scale) => new decimal(0, 0, 0, negative, scale)));

    private static readonly Gen<DateTime> Instant = Gen.Select(
        Gen.OneOf(Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks], Gen.Long[0, 400_000_000].Select(s => s * TimeSpan.TicksPerSecond), Gen.Long[0, 400_000_000_000].Select(ms => ms * TimeSpan.TicksPerMillisecond)),
        Gen.OneOf(Gen.Const(DateTimeKind.Utc), Gen.Const(DateTimeKind.Unspecified)),
        (ticks, kind) => new DateTime(ticks, kind));

    private static readonly Gen<Value> AnyValue = Gen.OneOf(
        Text.Select(v => new Value("text", v, s => s.Add(v))),
        Gen.Const(new Value("null", null, s => s.Add((string?)null))),
        Gen.Long.Select(v => new Value("long", v, s => s.Add(v))),
        Gen.Int.Select(v => new Value("int", v, s => s.Add(v))),
        Gen.Bool.Select(v => new Value("bool", v, s => s.Add(v))),
        Amount.Select(v => new Value("decimal", v, s => s.Add(v))),
        Gen.Const(new Value("decimal?", null, s => s.Add((decimal?)null))),
        Instant.Select(v => new Value("DateTime", v, s => s.Add(v))),
        Gen.Const(new Value("DateTime?", null, s => s.Add((DateTime?)null))));

    [Fact]
    public async Task Any_value_is_stored_as_Microsoft_Data_Sqlite_stores_it()
    {
        var folder = Directory.CreateTempSubdirectory("order-writer-").FullName;
        try
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "values.db")}");
            await connection.OpenAsync();
            // A scratch file: no fsync per statement.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF");
            await ExecuteAsync(connection, "CREATE TABLE provider (Row INTEGER NOT NULL, V); CREATE TABLE positional (Row INTEGER NOT NULL, V)");
            var row = 0L;
            AnyValue.Array[1, 8].Sample(values =>
            {
                row++;
                using (var statement = new SqliteRowStatement(connection, "INSERT INTO positional (Row, V) VALUES (?1, ?2)"))
                {
                    foreach (var value in values)
                    {
                        value.BindPositional(statement.Add(row));
                        statement.Run();
                    }
                }

                using (var command = connection.CreateCommand())
                {
                    command.CommandText = "INSERT INTO provider (Row, V) VALUES ($row, $v)";
                    command.Parameters.AddWithValue("$row", row);
                    var parameter = command.Parameters.AddWithValue("$v", DBNull.Value);
                    foreach (var value in values)
                    {
                        parameter.Value = value.Raw ?? DBNull.Value;
                        command.ExecuteNonQuery();
                    }
                }

                Assert.Equal(Stored(connection, "provider", row), Stored(connection, "positional", row));
            }, iter: 3_000, threads: 1, print: values => string.Join(", ", values.Select(v => $"{v.Kind}:{Escaped(v.Raw?.ToString())}")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Any_batch_of_orders_is_stored_exactly_as_EF_stores_it_with_each_lines_generated_id()
    {
        await using var viaWriter = new OrderFactory();
        await using var viaEf = new OrderFactory();
        await Orders.List[1, 6].SampleAsync(async specs =>
        {
            var written = specs.Select(Build).ToList();
            await viaWriter.QueryAsync(async db =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                SqliteOrderWriter.Insert((SqliteConnection)db.Database.GetDbConnection(), written);
                await transaction.CommitAsync();
                return 0;
            });
            await viaEf.QueryAsync(async db =>
            {
                db.Orders.AddRange(specs.Select(Build));
                return await db.SaveChangesAsync();
            });

            var ids = written.Select(o => o.Id).ToList();
            var expected = await viaEf.QueryAsync(db => DumpAsync(db, ids));
            var actual = await viaWriter.QueryAsync(db => DumpAsync(db, ids));
            Assert.Equal(expected.Count, actual.Count);
            foreach (var (e, a) in expected.Zip(actual))
            {
                Assert.Equal(Escaped(e), Escaped(a));
            }

            // The ids the writer handed back are the rows' ids (the line taxes were stored under them).
            var lineIds = await viaWriter.QueryAsync(db => db.OrderLines.Where(l => ids.Contains(l.OrderId)).Select(l => new { l.OrderId, l.Position, l.Id }).ToListAsync());
            Assert.Equal(
                written.SelectMany(o => o.Lines).Select(l => (l.OrderId, l.Position, l.Id)).Order(),
                lineIds.Select(l => (l.OrderId, l.Position, l.Id)).Order());
            var shippingIds = await viaWriter.QueryAsync(db => db.ShippingLines.Where(s => ids.Contains(s.OrderId)).Select(s => new { s.OrderId, s.Position, s.Id }).ToListAsync());
            Assert.Equal(
                written.SelectMany(o => o.ShippingLines).Select(s => (s.OrderId, s.Position, s.Id)).Order(),
                shippingIds.Select(s => (s.OrderId, s.Position, s.Id)).Order());
        }, iter: 40, threads: 1);
    }

    private sealed record Value(string Kind, object? Raw, Action<SqliteRowStatement> BindPositional);

    private sealed record TaxSpec(string Title, decimal? Rate, decimal Amount);

    private sealed record LineSpec(string ExternalId, string Sku, string Title, long Quantity, decimal UnitPrice, decimal Discount, string Allocations, TaxSpec[] Taxes);

    private sealed record ShippingSpec(string Title, decimal Price, decimal Discount, TaxSpec[] Taxes);

    private sealed record OrderSpec(
        string Id, string[] Names, bool[] Flags, decimal?[] Totals, decimal[] Money, DateTime[] Times, DateTime? Updated, DateTime? Cancelled,
        long Stale, long Version, LineSpec[] Lines, ShippingSpec[] Shipping);

    private static readonly Gen<TaxSpec> Tax = Gen.Select(Text, Gen.OneOf(Amount.Select(a => (decimal?)a), Gen.Const((decimal?)null)), Amount,
        (title, rate, amount) => new TaxSpec(title, rate, amount));

    private static readonly Gen<LineSpec> Line = Gen.Select(Text, Text, Text, Gen.Long, Amount, Amount, Text, Tax.Array[0, 3],
        (id, sku, title, quantity, price, discount, allocations, taxes) => new LineSpec(id, sku, title, quantity, price, discount, allocations, taxes));

    private static readonly Gen<ShippingSpec> Shipping = Gen.Select(Text, Amount, Amount, Tax.Array[0, 2],
        (title, price, discount, taxes) => new ShippingSpec(title, price, discount, taxes));

    private static readonly Gen<OrderSpec> Orders = Gen.Select(
        Gen.Select(Text.Array[8], Gen.Bool.Array[4], Gen.OneOf(Amount.Select(a => (decimal?)a), Gen.Const((decimal?)null)).Array[5], Amount.Array[3]),
        Gen.Select(Instant.Array[3], Gen.OneOf(Instant.Select(i => (DateTime?)i), Gen.Const((DateTime?)null)).Array[2], Gen.Long, Gen.Long),
        Gen.Select(Line.Array[0, 4], Shipping.Array[0, 2]),
        (a, b, c) => new OrderSpec(Guid.NewGuid().ToString("N"), a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2[0], b.Item2[1], b.Item3, b.Item4, c.Item1, c.Item2));

    /// <summary>A new entity from the spec each time: the writer and EF each get their own.</summary>
    private static StoredOrder Build(OrderSpec spec)
    {
        // The external line id is unique per order (unique index): made so by its position.
        var order = new StoredOrder
        {
            Id = spec.Id,
            Channel = spec.Names[0],
            ExternalOrderId = spec.Id,
            OrderNumber = spec.Names[1],
            Currency = spec.Names[2],
            PresentmentCurrency = spec.Names[3],
            CustomerReference = spec.Names[4],
            Discounts = spec.Names[5],
            CancelReason = spec.Names[6],
            TaxesIncluded = spec.Flags[0],
            Cancelled = spec.Flags[1],
            Voided = spec.Flags[2],
            Held = spec.Flags[3],
            Subtotal = spec.Totals[0],
            TotalDiscounts = spec.Totals[1],
            TotalShipping = spec.Totals[2],
            TotalTax = spec.Totals[3],
            Total = spec.Totals[4],
            AuthorizedAmount = spec.Money[0],
            CapturedAmount = spec.Money[1],
            RefundedAmount = spec.Money[2],
            PlacedAt = spec.Times[0],
            CreatedAt = spec.Times[1],
            UpdatedAt = spec.Times[2],
            ChannelUpdatedAt = spec.Updated,
            CancelledAt = spec.Cancelled,
            FinancialStatus = (FinancialStatus)Math.Abs(spec.Stale % 7),
            FulfillmentStatus = (FulfillmentStatus)Math.Abs(spec.Version % 5),
            StaleUpdatesIgnored = spec.Stale,
            Version = spec.Version,
        };
        order.Lines = spec.Lines.Select((l, i) => new OrderLine
        {
            OrderId = spec.Id,
            ExternalLineId = $"{i}:{l.ExternalId}",
            Sku = l.Sku,
            Title = l.Title,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice,
            TotalDiscount = l.Discount,
            DiscountAllocations = l.Allocations,
            QuantityShipped = l.Quantity / 2,
            QuantityRefunded = l.Quantity / 3,
            QuantityReturned = l.Quantity / 5,
            QuantityCancelled = l.Quantity / 7,
            Position = i,
            TaxLines = Taxes(l.Taxes),
        }).ToList();
        order.ShippingLines = spec.Shipping.Select((s, i) => new ShippingLine
        {
            OrderId = spec.Id, Title = s.Title, Price = s.Price, Discount = s.Discount, Position = i, TaxLines = Taxes(s.Taxes),
        }).ToList();
        return order;
    }

    private static List<TaxLine> Taxes(TaxSpec[] taxes) =>
        taxes.Select((t, i) => new TaxLine { Position = i, Title = t.Title, Rate = t.Rate, Amount = t.Amount }).ToList();

    /// <summary>Every column of the orders' rows as (storage class, value); generated line ids replaced by order and position.</summary>
    private static async Task<List<string>> DumpAsync(Data.OrderDbContext db, List<string> ids)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var keys = string.Join(", ", ids.Select(id => $"'{id}'"));
        var rows = new List<string>();
        rows.AddRange(await RowsAsync(connection, $"SELECT * FROM orders WHERE Id IN ({keys}) ORDER BY Id"));
        rows.AddRange(await RowsAsync(connection, $"SELECT * FROM order_lines WHERE OrderId IN ({keys}) ORDER BY OrderId, Position", "Id"));
        rows.AddRange(await RowsAsync(connection,
            $"SELECT l.OrderId AS LineOrder, l.Position AS LinePosition, t.* FROM order_line_taxes t JOIN order_lines l ON l.Id = t.OrderLineId WHERE l.OrderId IN ({keys}) ORDER BY l.OrderId, l.Position, t.Position",
            "OrderLineId"));
        rows.AddRange(await RowsAsync(connection, $"SELECT * FROM shipping_lines WHERE OrderId IN ({keys}) ORDER BY OrderId, Position", "Id"));
        rows.AddRange(await RowsAsync(connection,
            $"SELECT s.OrderId AS ShippingOrder, s.Position AS ShippingPosition, t.* FROM shipping_line_taxes t JOIN shipping_lines s ON s.Id = t.ShippingLineId WHERE s.OrderId IN ({keys}) ORDER BY s.OrderId, s.Position, t.Position",
            "ShippingLineId"));
        return rows;
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql, string? generated = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                .Where(i => reader.GetName(i) != generated)
                // GetValue answers by the value's storage class (long, double, string, byte[]), not the declared type.
                .Select(i => $"{reader.GetName(i)}={Describe(reader.IsDBNull(i) ? "null" : reader.GetValue(i).GetType().Name, reader.IsDBNull(i) ? null : reader.GetValue(i))}")));
        }

        return rows;
    }

    private static List<string> Stored(SqliteConnection connection, string table, long row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT typeof(V), V FROM {table} WHERE Row = {row} ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Describe(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetValue(1)));
        }

        return values;
    }

    private static string Escaped(string? text) =>
        text is null ? "null" : string.Concat(text.Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:x4}"));

    private static string Describe(string type, object? value) => value switch
    {
        null => $"{type}:null",
        string s => $"{type}:'{s}'",
        byte[] b => $"{type}:{Convert.ToHexString(b)}",
        _ => $"{type}:{Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
    };

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
