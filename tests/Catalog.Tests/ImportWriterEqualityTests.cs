using System.Data.Common;
using System.Text.Json.Nodes;
using CsCheck;
using Grpc.Core;
using Integration.Catalog.Data;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Catalog.Tests;

/// <summary>Two Catalog services: one takes streams through ImportProducts, the other the same rows one UpsertProduct at a time.</summary>
public sealed class ImportEqualityServices : IAsyncLifetime
{
    public CatalogFactory Imported { get; } = new();

    public CatalogFactory Upserted { get; } = new();

    /// <summary>Imports in batches of 3 rows, so one stream is many batches: staged while the one before is written.</summary>
    public CatalogFactory ImportedInSmallBatches { get; } = SmallBatches();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Imported.DisposeAsync();
        await Upserted.DisposeAsync();
        await ImportedInSmallBatches.DisposeAsync();
    }

    private static CatalogFactory SmallBatches()
    {
        var factory = new CatalogFactory();
        factory.Set("Catalog:Import:BatchSize", "3");
        return factory;
    }
}

/// <summary>
/// On SQLite an import batch is written by its own batched INSERT / UPDATE / DELETE statements (SqliteBatchWriter), a
/// single upsert by EF's SaveChanges. Random streams of ERP and storefront writes (new products, new and changed
/// variants, prices, channel ids, stale versions, non-owner writes recorded or refused, one product several times in a
/// batch) must leave the same rows in every table, stored the same way, and the same ProductChanged events in the same
/// order, whichever path wrote them.
/// </summary>
public sealed class ImportWriterEqualityTests(ImportEqualityServices services) : IClassFixture<ImportEqualityServices>
{
    private static int _run;

    private readonly CatalogService.CatalogServiceClient _imported = new(services.Imported.CreateGrpcChannel());
    private readonly CatalogService.CatalogServiceClient _upserted = new(services.Upserted.CreateGrpcChannel());
    private readonly CatalogService.CatalogServiceClient _smallBatches = new(services.ImportedInSmallBatches.CreateGrpcChannel());

    /// <summary>A row's result: the import's, or a single upsert's answer in the same terms.</summary>
    private sealed record Report(int Row, string ProductId, ImportOutcome Outcome, long Version)
    {
        public static Report Of(ImportRowResult result) => new(result.Row, result.ProductId, result.Outcome, result.Version);
    }

    /// <summary>One row: which product, by whom, at which version, and which values (small ranges, so rows collide).</summary>
    private sealed record Row(int Product, bool Erp, long Version, int Title, int[] Variants, int Cost, bool Usd, int Channel, bool Active);

    private static readonly Gen<Row> RowGen =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Long[1, 4], Gen.Int[0, 2], Gen.Int[0, 2].Array[0, 3], Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 2])
            .Select(Gen.Bool, (r, active) => new Row(r.Item1, r.Item2 != 0, r.Item3, r.Item4, r.Item5.Distinct().Order().ToArray(), r.Item6, r.Item7, r.Item8, active));

    [Fact]
    public async Task An_import_batch_stores_exactly_the_rows_and_events_single_upserts_store()
    {
        await RowGen.List[1, 25].SampleAsync(async rows =>
        {
            var prefix = $"EQ{Interlocked.Increment(ref _run)}-";
            // The first row from the ERP, so something is created.
            var requests = rows.Select((r, i) => Request(prefix, i == 0 ? r with { Erp = true } : r)).ToList();

            using (var call = _imported.ImportProducts())
            {
                foreach (var request in requests)
                {
                    await call.RequestStream.WriteAsync(new ImportProductsRequest { Upsert = request });
                }

                await call.RequestStream.CompleteAsync();
                await call;
            }

            foreach (var request in requests)
            {
                try
                {
                    await _upserted.UpsertProductAsync(request);
                }
                catch (RpcException)
                {
                    // Refused rows leave nothing behind in either service; the dumps show it.
                }
            }

            var imported = await DumpAsync(services.Imported, prefix);
            var upserted = await DumpAsync(services.Upserted, prefix);
            Assert.NotEmpty(upserted["products"]);
            foreach (var table in upserted.Keys)
            {
                Assert.Equal(upserted[table], imported[table]);
            }
        }, iter: 40, threads: 1);
    }

    /// <summary>A new product changed again later in the same batch: new variants and prices added to a product not yet stored.</summary>
    [Fact]
    public async Task A_product_created_and_changed_again_in_one_batch_is_stored_as_single_upserts_store_it()
    {
        var prefix = $"EQ{Interlocked.Increment(ref _run)}-";
        var rows = new[]
        {
            new Row(0, true, 1, 0, [0], 1, false, 0, true),
            new Row(0, true, 2, 0, [0, 1], 2, true, 1, true),
            new Row(0, false, 1, 2, [], 1, false, 2, true),
            new Row(0, true, 3, 1, [1, 2], 3, false, 2, false),
        };
        using (var call = _imported.ImportProducts())
        {
            foreach (var row in rows)
            {
                await call.RequestStream.WriteAsync(new ImportProductsRequest { Upsert = Request(prefix, row) });
            }

            await call.RequestStream.CompleteAsync();
            var result = await call;
            Assert.Equal(0, result.Rejected);
        }

        foreach (var row in rows)
        {
            await _upserted.UpsertProductAsync(Request(prefix, row));
        }

        var imported = await DumpAsync(services.Imported, prefix);
        var upserted = await DumpAsync(services.Upserted, prefix);
        Assert.Equal(3, upserted["variants"].Count);
        foreach (var table in upserted.Keys)
        {
            Assert.Equal(upserted[table], imported[table]);
        }
    }

    /// <summary>
    /// One stream in many batches: a batch is staged (read and decided) while the one before is still being written,
    /// unless they share a product, SKU or channel id. Rows touch few products, and channel ids move between products,
    /// so later batches keep changing what earlier ones created, and the stored rows, events and per-row results must
    /// be those of one-by-one upserts.
    /// </summary>
    [Fact]
    public async Task A_stream_of_many_batches_stores_exactly_what_single_upserts_store()
    {
        await RowGen.List[1, 40].SampleAsync(async rows =>
        {
            var prefix = $"EQ{Interlocked.Increment(ref _run)}-";
            var requests = rows.Select((r, i) => Request(prefix, i == 0 ? r with { Erp = true } : r, sharedChannelIds: true)).ToList();

            var results = await ImportAsync(_smallBatches, requests);
            var singles = await UpsertEachAsync(requests);

            Assert.Equal(singles, results.Results.Select(Report.Of));
            await AssertSameRowsAsync(services.ImportedInSmallBatches, prefix);
        }, iter: 40, threads: 1);
    }

    /// <summary>Batch n+1 changes the products batch n created (their costs, prices, variants, content, channel ids).</summary>
    [Fact]
    public async Task A_batch_that_changes_what_the_batch_before_created_sees_it_written()
    {
        var prefix = $"EQ{Interlocked.Increment(ref _run)}-";
        var rows = new[]
        {
            // Batch 1 creates products 0-2, batch 2 changes each of them, batch 3 touches only new product 3, batch 4 comes back.
            new Row(0, true, 1, 0, [0], 1, false, 0, true),
            new Row(1, true, 1, 0, [0, 1], 1, false, 0, true),
            new Row(2, true, 1, 0, [0], 1, true, 0, true),
            new Row(0, true, 2, 1, [0, 1], 2, true, 0, true),
            new Row(1, false, 1, 2, [], 1, false, 1, true),
            new Row(2, true, 1, 1, [0], 3, false, 0, true),
            new Row(3, true, 1, 0, [2], 1, false, 0, true),
            new Row(3, false, 5, 1, [], 1, false, 1, false),
            new Row(3, true, 2, 2, [2], 2, true, 0, false),
            new Row(1, false, 2, 1, [], 1, false, 2, true),
            new Row(0, false, 1, 1, [], 1, false, 1, true),
        };
        var requests = rows.Select(r => Request(prefix, r, sharedChannelIds: true)).ToList();

        var results = await ImportAsync(_smallBatches, requests);
        var singles = await UpsertEachAsync(requests);

        Assert.Equal(singles, results.Results.Select(Report.Of));
        Assert.Contains(results.Results, r => r.Row >= 3 && r.Outcome == ImportOutcome.Updated);
        await AssertSameRowsAsync(services.ImportedInSmallBatches, prefix);
    }

    /// <summary>
    /// Within one batch a channel id is taken, refused to another product, given up and taken by that product: on new
    /// (collected) products, then on stored (tracked) ones. Each row is answered, and stored, as a single upsert would be.
    /// </summary>
    [Fact]
    public async Task A_channel_id_moved_between_products_within_one_batch_is_stored_as_single_upserts_store_it()
    {
        var prefix = $"EQ{Interlocked.Increment(ref _run)}-";
        Row[] moves =
        [
            new(0, false, 1, 1, [], 1, false, 1, true),
            new(1, false, 1, 1, [], 1, false, 1, true),
            new(0, false, 2, 1, [], 1, false, 2, true),
            new(1, false, 2, 1, [], 1, false, 1, true),
            new(0, false, 3, 1, [], 1, false, 1, true),
        ];
        Row[] created = [new(0, true, 1, 0, [0], 1, false, 0, true), new(1, true, 1, 0, [1], 1, false, 0, true)];
        foreach (var stream in new[] { [.. created, .. moves], moves.Select(r => r with { Version = r.Version + 10 }).ToArray() })
        {
            var requests = stream.Select(r => Request(prefix, r, sharedChannelIds: true)).ToList();

            var results = await ImportAsync(_imported, requests);
            var singles = await UpsertEachAsync(requests);

            Assert.Equal(singles, results.Results.Select(Report.Of));
            Assert.Contains(results.Results, r => r.Outcome == ImportOutcome.Rejected && r.Error.Contains("already belongs to", StringComparison.Ordinal));
            await AssertSameRowsAsync(services.Imported, prefix);
        }
    }

    private static async Task<ImportProductsResponse> ImportAsync(CatalogService.CatalogServiceClient client, List<UpsertProductRequest> requests)
    {
        using var call = client.ImportProducts();
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(new ImportProductsRequest { Upsert = request });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    /// <summary>The same rows as single upserts, each answered as an import row would be.</summary>
    private async Task<List<Report>> UpsertEachAsync(List<UpsertProductRequest> requests)
    {
        var outcomes = new List<Report>();
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                var response = await _upserted.UpsertProductAsync(requests[i]);
                var outcome = response.Created ? ImportOutcome.Created : response.AppliedFields.Count > 0 ? ImportOutcome.Updated : ImportOutcome.Unchanged;
                outcomes.Add(new Report(i, requests[i].Product.ProductId, outcome, response.Product?.Version ?? 0));
            }
            catch (RpcException)
            {
                outcomes.Add(new Report(i, requests[i].Product.ProductId, ImportOutcome.Rejected, 0));
            }
        }

        return outcomes;
    }

    private async Task AssertSameRowsAsync(CatalogFactory imported, string prefix)
    {
        var importedRows = await DumpAsync(imported, prefix);
        var upsertedRows = await DumpAsync(services.Upserted, prefix);
        Assert.NotEmpty(upsertedRows["products"]);
        foreach (var table in upsertedRows.Keys)
        {
            Assert.Equal(upsertedRows[table], importedRows[table]);
        }
    }

    /// <summary>A row as a request; with <paramref name="sharedChannelIds"/> the storefront's channel ids are shared among products, so they move between them.</summary>
    private static UpsertProductRequest Request(string prefix, Row row, bool sharedChannelIds = false)
    {
        var id = $"{prefix}{row.Product}";
        var product = new Product { ProductId = id, Title = $"title {row.Title}" };
        var request = new UpsertProductRequest { SourceSystem = row.Erp ? "erp" : "storefront", SourceVersion = row.Version, Product = product };
        if (!row.Erp)
        {
            // The storefront's own fields, and now and then a field it does not own (recorded as a conflict).
            product.Description = $"description {row.Title}";
            product.ExternalIds.Add(new Contracts.Catalog.V1.ExternalId { Channel = "shopify", Kind = "product", Value = sharedChannelIds ? $"{prefix}{row.Channel}" : $"{prefix}{row.Product}-{row.Channel}" });
            request.UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask();
            request.UpdateMask.Paths.AddRange(row.Channel == 2 ? ["title", "description", "external_ids", "active"] : ["title", "description", "external_ids"]);
            product.Active = row.Active;
            return request;
        }

        product.Description = "from the ERP";
        product.Active = row.Active;
        foreach (var v in row.Variants)
        {
            var variant = new Variant
            {
                Sku = $"{id}-{v}", Barcode = "4006381333931", Title = $"size {v}", UnitCost = ((decimal)row.Cost + v).ToMoney("EUR"),
                TaxClass = "standard", GlCategory = v == 2 ? "food" : "apparel", WeightGrams = 100 * row.Cost, Active = row.Active,
            };
            variant.ListPrices.Add((19.99m + row.Cost).ToMoney("EUR"));
            if (row.Usd)
            {
                variant.ListPrices.Add(21.50m.ToMoney("USD"));
            }

            product.Variants.Add(variant);
        }

        return request;
    }

    /// <summary>Every row of the prefix's products in every table, as "storage class:value" per column, in key order.
    /// Times of the write (and generated ids) differ between two services by nature and are left out.</summary>
    private static async Task<Dictionary<string, List<string>>> DumpAsync(CatalogFactory factory, string prefix)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        var like = prefix + "%";
        return new Dictionary<string, List<string>>
        {
            ["products"] = await RowsAsync(connection, "SELECT * FROM products WHERE Id LIKE $p ORDER BY Id", like, "CreatedAt", "UpdatedAt"),
            ["variants"] = await RowsAsync(connection, "SELECT * FROM variants WHERE ProductId LIKE $p ORDER BY Sku", like),
            ["variant_prices"] = await RowsAsync(connection, "SELECT * FROM variant_prices WHERE Sku LIKE $p ORDER BY Sku, Currency", like),
            ["external_ids"] = await RowsAsync(connection, "SELECT * FROM external_ids WHERE ProductId LIKE $p ORDER BY Channel, Kind, Value", like),
            ["product_changes"] = await RowsAsync(connection, "SELECT * FROM product_changes WHERE ProductId LIKE $p ORDER BY ProductId, Version", like, "ChangedAt"),
            ["ownership_conflicts"] = await RowsAsync(connection, "SELECT * FROM ownership_conflicts WHERE ProductId LIKE $p ORDER BY Id", like, "Id", "DetectedAt"),
            ["outbox_messages"] = await RowsAsync(connection, "SELECT * FROM outbox_messages WHERE AggregateKey LIKE 'product/' || $p ORDER BY Id", like,
                "Id", "EventId", "CreatedAt", "NextAttemptAt", "PublishedAt", "LeaseOwner", "LeaseUntil", "Attempts", "TraceParent", "LastError", "DeadLetteredAt"),
        };
    }

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql, string like, params string[] skip)
    {
        await using var command = connection.CreateCommand();
        // typeof() next to each value: the same value stored as TEXT on one path and REAL on the other would differ.
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$p";
        parameter.Value = like;
        command.Parameters.Add(parameter);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var columns = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                if (skip.Contains(name))
                {
                    continue;
                }

                var value = reader.IsDBNull(i) ? "null" : $"{reader.GetFieldType(i).Name}:{Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}";
                if (name == "Data")
                {
                    // The event's time is the write's time.
                    var data = JsonNode.Parse((string)reader.GetValue(i))!.AsObject();
                    data.Remove("occurred_at");
                    value = data.ToJsonString();
                }

                columns.Add($"{name}={value}");
            }

            rows.Add(string.Join("; ", columns));
        }

        return rows;
    }
}
