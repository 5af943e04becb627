using CsCheck;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Money;
using static Integration.Catalog.Tests.CatalogWrites;

namespace Integration.Catalog.Tests;

public sealed class StaleWritesPropertyTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly CatalogService.CatalogServiceClient _client = new(factory.CreateGrpcChannel());
    private int _product;

    /// <summary>One write: the storefront's title or the ERP's cost, at a source version.</summary>
    private sealed record Write(bool Erp, long Version, int Value);

    [Fact]
    public async Task The_newest_source_version_of_each_field_wins_whatever_the_arrival_order()
    {
        // Distinct versions per system (a source's versions are unique); values collide often on purpose.
        var writes = Gen.Select(Gen.Bool, Gen.Int[0, 4]).List[1, 8].Select(list =>
            list.Select((w, i) => new Write(w.Item1, 2 + (i * 3), w.Item2)).ToList());
        var scenario = writes.SelectMany(list => Gen.Shuffle(list.ToArray()).Select(order => (list, order)));

        await scenario.SampleAsync(async (list, order) =>
        {
            var id = $"PROP-{Interlocked.Increment(ref _product)}";
            var sku = id + "-M";
            await _client.UpsertProductAsync(CatalogWrites.Write("erp", 1, Tee(id, sku, cost: 1.00m, title: "seed")));
            foreach (var write in order)
            {
                var request = write.Erp
                    ? CatalogWrites.Write("erp", write.Version, Tee(id, sku, cost: 10m + write.Value), "variants.unit_cost")
                    : CatalogWrites.Write("storefront", write.Version, new Product { ProductId = id, Title = $"title {write.Value}" }, "title");
                await _client.UpsertProductAsync(request);
            }

            var stored = (await _client.GetProductAsync(new GetProductRequest { ProductId = id })).Product;
            var newestCost = list.Where(w => w.Erp).MaxBy(w => w.Version);
            var newestTitle = list.Where(w => !w.Erp).MaxBy(w => w.Version);
            Assert.Equal(newestCost is null ? 1.00m : 10m + newestCost.Value, stored.Variants[0].UnitCost.ToDecimal());
            Assert.Equal(newestTitle is null ? "seed" : $"title {newestTitle.Value}", stored.Title);
        }, iter: 60, threads: 1);
    }
}
