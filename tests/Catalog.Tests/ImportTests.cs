using Grpc.Core;
using Integration.Catalog.Data;
using Integration.Contracts.Catalog.V1;
using Integration.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Catalog.Tests.CatalogWrites;

namespace Integration.Catalog.Tests;

public sealed class ImportTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly CatalogService.CatalogServiceClient _client = new(factory.CreateGrpcChannel());

    private async Task<ImportProductsResponse> Import(IEnumerable<UpsertProductRequest> rows)
    {
        using var call = _client.ImportProducts();
        foreach (var row in rows)
        {
            await call.RequestStream.WriteAsync(new ImportProductsRequest { Upsert = row });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    private async Task<(int Products, int Events, int Audit)> CountAsync(string prefix)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        return (
            await db.Products.CountAsync(p => p.Id.StartsWith(prefix)),
            await db.Set<OutboxMessage>().CountAsync(m => m.AggregateKey.StartsWith("product/" + prefix)),
            await db.Changes.CountAsync(c => c.ProductId.StartsWith(prefix)));
    }

    [Fact]
    public async Task Ten_thousand_products_import_once_and_a_rerun_changes_nothing()
    {
        var rows = Enumerable.Range(0, 10_000).Select(i => Write("erp", 1, Tee($"BULK-{i:D5}", $"BULK-{i:D5}-M", cost: 1m + (i % 100)))).ToList();

        var first = await Import(rows);
        var counts = await CountAsync("BULK-");
        var again = await Import(rows);

        Assert.Equal((10_000, 0, 0, 0), (first.Created, first.Updated, first.Unchanged, first.Rejected));
        Assert.Equal(Enumerable.Range(0, 10_000), first.Results.Select(r => r.Row));
        Assert.All(first.Results, r => Assert.Equal(1, r.Version));
        Assert.Equal((10_000, 10_000, 10_000), counts);
        Assert.Equal((0, 0, 10_000, 0), (again.Created, again.Updated, again.Unchanged, again.Rejected));
        Assert.Equal(counts, await CountAsync("BULK-"));
        var sample = await _client.GetProductAsync(new GetProductRequest { Sku = "BULK-04242-M" });
        Assert.Equal(43m, Contracts.Money.MoneyConversions.ToDecimal(sample.Product.Variants[0].UnitCost));
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_their_reason_and_the_rest_is_applied()
    {
        var badSku = Tee("ROWS-2", "not a sku!");
        var rows = new[]
        {
            Write("erp", 1, Tee("ROWS-1", "ROWS-1-M")),
            Write("erp", 1, badSku),
            Write("erp", 1, Tee("ROWS-3", "ROWS-1-M")),
            Write("storefront", 1, Tee("ROWS-4", "ROWS-4-M")),
            Write("erp", 1, Tee("ROWS-5", "ROWS-5-M")),
            Write("erp", 2, Tee("ROWS-1", "ROWS-1-M", cost: 9.99m), "variants.unit_cost"),
        };

        var result = await Import(rows);

        Assert.Equal(
            [ImportOutcome.Created, ImportOutcome.Rejected, ImportOutcome.Rejected, ImportOutcome.Rejected, ImportOutcome.Created, ImportOutcome.Updated],
            result.Results.Select(r => r.Outcome));
        Assert.Equal("product.variants[0].sku", result.Results[1].Field);
        Assert.Contains("already belongs to product ROWS-1", result.Results[2].Error, StringComparison.Ordinal);
        Assert.Contains("owned by erp", result.Results[3].Error, StringComparison.Ordinal);
        Assert.Equal(2, result.Results[5].Version);
        var missing = await Assert.ThrowsAsync<RpcException>(() => _client.GetProductAsync(new GetProductRequest { ProductId = "ROWS-3" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
