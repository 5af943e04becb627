using CsCheck;
using Integration.Catalog.Data;
using Integration.Catalog.Data.Audit;
using Integration.Catalog.Data.Products;
using Integration.Catalog.Import;
using Integration.Messaging.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Catalog.Tests;

/// <summary>
/// The import's batched writer binds values by position on the connection's own handle, converting each as
/// Microsoft.Data.Sqlite would. Random rows of every table it writes (text with quotes, NUL and non-ASCII characters,
/// empty text, decimals of any scale and sign, dates of any time, nulls) must be stored exactly as SaveChanges stores
/// them: the same storage class and the same value in every column, write times and generated ids included.
/// </summary>
public sealed class SqliteStatementsTests : IAsyncLifetime
{
    private static readonly string[] Tables = ["products", "variants", "variant_prices", "external_ids", "product_changes", "outbox_messages"];

    private static readonly Gen<string> Text = Gen.Frequency(
        (2, Gen.Const(string.Empty)),
        (6, Gen.String[Gen.Char["abcXYZ019-_./: "], 1, 20]),
        (2, Gen.String[Gen.Char["\"'\\\0\n\tüß€中😀\u2028"], 1, 10]));

    private static readonly Gen<decimal> Amount = Gen.Frequency(
        (2, Gen.Const(0m)),
        (4, Gen.Long[-10_000_000, 10_000_000].Select(Gen.Int[0, 4], (units, scale) => new decimal((int)Math.Abs(units), 0, 0, units < 0, (byte)scale))),
        (1, Gen.Decimal));

    private static readonly Gen<DateTime> Time = Gen.Frequency(
        (1, Gen.Const(DateTime.MinValue)),
        (4, Gen.Long[0, DateTime.MaxValue.Ticks].Select(ticks => new DateTime(ticks, DateTimeKind.Utc))),
        (1, Gen.Long[0, DateTime.MaxValue.Ticks].Select(ticks => new DateTime(ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified))));

    private static readonly Gen<VariantRow> VariantGen = Gen.Select(Text, Text, Amount, Text, Gen.Long, Gen.Bool, Gen.Int, Text)
        .Select(Gen.Select(Gen.Int[0, 2], Amount).List[0, 3], (v, prices) => new VariantRow(v.Item1, v.Item2, v.Item3, v.Item4, v.Item5, v.Item6, v.Item7, v.Item8, prices));

    private static readonly Gen<ProductRow> ProductGen = Gen.Select(Text, Text, Gen.Bool, Text, Gen.Long, Time, Time, Text)
        .Select(VariantGen.List[0, 3], Gen.Select(Gen.Int[0, 2], Text).List[0, 3], (p, variants, ids) => new ProductRow(p.Item1, p.Item2, p.Item3, p.Item4, p.Item5, p.Item6, p.Item7, p.Item8, variants, ids));

    private static readonly Gen<EventRow> EventGen = Gen.Select(Text, Text, Gen.Int, Time, Gen.Frequency((1, Gen.Const((DateTime?)null)), (1, Time.Select(t => (DateTime?)t))), Gen.Frequency((1, Gen.Const((string?)null)), (1, Text.Select(t => (string?)t))))
        .Select(row => new EventRow(row.Item1, row.Item2, row.Item3, row.Item4, row.Item5, row.Item6));

    private readonly CatalogFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Rows_bound_by_position_are_stored_as_SaveChanges_stores_them()
    {
        var run = 0;
        await Gen.Select(ProductGen, Gen.Select(Gen.Long, Text, Time), EventGen.List[0, 3]).SampleAsync(async sample =>
        {
            var (product, change, events) = sample;
            var id = $"STMT-{Interlocked.Increment(ref run)}";
            var saved = await DumpAfterAsync(db =>
            {
                db.Products.Add(product.Entity(id));
                db.Changes.Add(Change(id, change));
                db.Set<OutboxMessage>().AddRange(events.Select((e, i) => e.Entity(id, i)));
                return db.SaveChangesAsync();
            });
            var bound = await DumpAfterAsync(db =>
            {
                var model = db.Model;
                IEntityType Type<T>() => model.FindEntityType(typeof(T))!;
                using var statements = new SqliteStatements((SqliteConnection)db.Database.GetDbConnection());
                var entity = product.Entity(id);
                statements.Insert(Type<Product>(), entity, null);
                entity.Variants.ForEach(v => statements.Insert(Type<Variant>(), v, null));
                entity.Variants.ForEach(v => v.ListPrices.ForEach(p => statements.Insert(Type<VariantPrice>(), p, v.Sku)));
                entity.ExternalIds.ForEach(e => statements.Insert(Type<ExternalId>(), e, null));
                statements.Insert(Type<ProductChangeRecord>(), Change(id, change), null);
                for (var i = 0; i < events.Count; i++)
                {
                    statements.Insert(Type<OutboxMessage>(), events[i].Entity(id, i), null);
                }

                return Task.CompletedTask;
            });
            Assert.Equal(saved, bound);
            Assert.NotEmpty(saved["products"]);
        }, iter: 150);
    }

    /// <summary>Every table's rows (storage class and SQL literal of each column) after <paramref name="write"/>, which is then rolled back.</summary>
    private async Task<Dictionary<string, List<string>>> DumpAfterAsync(Func<CatalogDbContext, Task> write)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        // Never committed: each path starts from the same empty tables (and the same next outbox id), and the dispatcher sees nothing.
        await using var transaction = await db.Database.BeginTransactionAsync();
        await write(db);
        var connection = db.Database.GetDbConnection();
        var dump = new Dictionary<string, List<string>>();
        foreach (var table in Tables)
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }

            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT {string.Join(" || ' | ' || ", columns.Select(c => $"'{c}=' || typeof(\"{c}\") || ':' || quote(\"{c}\")"))} FROM \"{table}\" ORDER BY 1";
            var rows = new List<string>();
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }

            dump[table] = rows;
        }

        await transaction.RollbackAsync();
        return dump;
    }

    private static ProductChangeRecord Change(string id, (long Version, string Fields, DateTime At) change) => new()
    {
        ProductId = id, Version = change.Version, ChangedBy = "erp", SourceVersion = -change.Version, ChangedAt = change.At, FieldsJson = change.Fields,
    };

    private sealed record VariantRow(
        string Barcode, string Title, decimal Cost, string Currency, long Weight, bool Active, int Position, string Stamps, List<(int Currency, decimal Amount)> Prices);

    private sealed record ProductRow(
        string Title, string Description, bool Active, string Handle, long Version, DateTime Created, DateTime Updated, string Stamps,
        List<VariantRow> Variants, List<(int Variant, string Value)> Ids)
    {
        public Product Entity(string id)
        {
            var product = new Product
            {
                Id = id, Title = Title, Description = Description, Active = Active, SeoTitle = Description, SeoDescription = Title, Handle = Handle,
                Visibility = Active ? "visible" : "hidden", MediaJson = Stamps, Version = Version, CreatedAt = Created, UpdatedAt = Updated,
                LastChangedBy = Handle, Stamps = Stamps,
            };
            for (var i = 0; i < Variants.Count; i++)
            {
                var v = Variants[i];
                var variant = new Variant
                {
                    ProductId = id, Sku = $"{id}-{i}", Barcode = v.Barcode, Title = v.Title, UnitCost = v.Cost, CostCurrency = v.Currency,
                    TaxClass = v.Title, GlCategory = v.Barcode, WeightGrams = v.Weight, Active = v.Active, Position = v.Position, Stamps = v.Stamps,
                };
                foreach (var (currency, amount) in v.Prices.DistinctBy(p => p.Currency))
                {
                    variant.ListPrices.Add(new VariantPrice { Currency = ((string[])["EUR", "USD", "JPY"])[currency], Amount = amount });
                }

                product.Variants.Add(variant);
            }

            for (var i = 0; i < Ids.Count; i++)
            {
                var sku = Ids[i].Variant < Variants.Count ? $"{id}-{Ids[i].Variant}" : string.Empty;
                product.ExternalIds.Add(new ExternalId { ProductId = id, Sku = sku, Channel = "shopify", Kind = $"kind{i}", Value = Ids[i].Value });
            }

            return product;
        }
    }

    private sealed record EventRow(string Data, string Type, int Attempts, DateTime Created, DateTime? Published, string? Error)
    {
        public OutboxMessage Entity(string id, int index) => new()
        {
            EventId = $"{id}-{index}", Type = Type, AggregateKey = $"product/{id}", Data = Data, TraceParent = Error, CreatedAt = Created,
            Attempts = Attempts, NextAttemptAt = Created, LeaseOwner = Error, LeaseUntil = Published, PublishedAt = Published, DeadLetteredAt = Published, LastError = Error,
        };
    }
}
