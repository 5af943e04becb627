using Grpc.Core;
using Integration.Contracts.Catalog.V1;
using Integration.Contracts.Money;

namespace Integration.Catalog.Tests;

public sealed class ProductsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly CatalogService.CatalogServiceClient _client = new(factory.CreateGrpcChannel());

    private static Product Tee(string id, params string[] skus)
    {
        var product = new Product { ProductId = id, Title = "Classic tee", Description = "Cotton", Active = true };
        foreach (var sku in skus)
        {
            var variant = new Variant
            {
                Sku = sku, Title = sku, Barcode = "4006381333931", UnitCost = 4.20m.ToMoney("EUR"),
                TaxClass = "standard", GlCategory = "apparel", WeightGrams = 180, Active = true,
            };
            variant.ListPrices.Add(19.99m.ToMoney("EUR"));
            variant.ListPrices.Add(21.50m.ToMoney("USD"));
            product.Variants.Add(variant);
        }

        return product;
    }

    private static long _version;

    /// <summary>An ERP write of the whole product, each with a newer source version.</summary>
    private async Task<UpsertProductResponse> Upsert(Product product) =>
        await _client.UpsertProductAsync(new UpsertProductRequest { SourceSystem = "erp", SourceVersion = Interlocked.Increment(ref _version), Product = product });

    [Fact]
    public async Task Upserted_product_reads_back_by_id_and_by_normalised_sku()
    {
        var stored = await Upsert(Tee("TEE-READ", "tee-read-s", "TEE-READ-M"));

        Assert.True(stored.Created);
        Assert.Equal(1, stored.Product.Version);
        Assert.Equal(["TEE-READ-S", "TEE-READ-M"], stored.Product.Variants.Select(v => v.Sku));

        var byId = await _client.GetProductAsync(new GetProductRequest { ProductId = "TEE-READ" });
        var bySku = await _client.GetProductAsync(new GetProductRequest { Sku = " tee-read-m " });
        Assert.Equal(stored.Product, byId.Product);
        Assert.Equal(stored.Product, bySku.Product);
        Assert.Equal(4.20m, byId.Product.Variants[0].UnitCost.ToDecimal());
        Assert.Equal([19.99m, 21.50m], byId.Product.Variants[0].ListPrices.Select(p => p.ToDecimal()));
    }

    [Fact]
    public async Task Same_body_twice_keeps_the_version_and_a_real_change_bumps_it()
    {
        var first = await Upsert(Tee("TEE-VER", "TEE-VER-S"));
        var again = await Upsert(Tee("TEE-VER", "TEE-VER-S"));
        Assert.False(again.Created);
        Assert.Equal(first.Product.Version, again.Product.Version);

        var changed = Tee("TEE-VER", "TEE-VER-S");
        changed.Variants[0].UnitCost = 4.35m.ToMoney("EUR");
        var bumped = await Upsert(changed);
        Assert.Equal(first.Product.Version + 1, bumped.Product.Version);
        Assert.Equal(4.35m, bumped.Product.Variants[0].UnitCost.ToDecimal());
    }

    [Fact]
    public async Task A_variant_left_out_of_an_upsert_is_kept_as_it_is_and_deactivating_is_explicit()
    {
        await Upsert(Tee("TEE-DROP", "TEE-DROP-S", "TEE-DROP-M"));
        var after = await Upsert(Tee("TEE-DROP", "TEE-DROP-M"));

        Assert.Equal(["TEE-DROP-S", "TEE-DROP-M"], after.Product.Variants.Select(v => v.Sku));
        Assert.All(after.Product.Variants, v => Assert.True(v.Active));

        var off = Tee("TEE-DROP", "TEE-DROP-S");
        off.Variants[0].Active = false;
        var deactivated = await _client.UpsertProductAsync(new UpsertProductRequest
        {
            SourceSystem = "erp", SourceVersion = Interlocked.Increment(ref _version), Product = off, UpdateMask = new() { Paths = { "variants.active" } },
        });
        Assert.Equal(["variants[TEE-DROP-S].active"], deactivated.AppliedFields);
        Assert.False(deactivated.Product.Variants[0].Active);
        Assert.True(deactivated.Product.Variants[1].Active);
    }

    [Fact]
    public async Task Source_version_and_mask_paths_are_validated()
    {
        var noVersion = await Assert.ThrowsAsync<RpcException>(() =>
            _client.UpsertProductAsync(new UpsertProductRequest { SourceSystem = "erp", Product = Tee("TEE-NOV", "TEE-NOV-S") }).ResponseAsync);
        var badPath = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertProductAsync(new UpsertProductRequest
        {
            SourceSystem = "erp", SourceVersion = 1, Product = Tee("TEE-NOV", "TEE-NOV-S"), UpdateMask = new() { Paths = { "variants.price" } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, noVersion.StatusCode);
        Assert.Equal("source_version", noVersion.Trailers.GetValue("field"));
        Assert.Equal(StatusCode.InvalidArgument, badPath.StatusCode);
        Assert.Equal("update_mask", badPath.Trailers.GetValue("field"));
    }

    [Theory]
    [InlineData("bad sku!", null, null, "product.variants[0].sku")]
    [InlineData("TEE-BAD", "EURO", null, "product.variants[0].list_prices[0].currency_code")]
    [InlineData("TEE-BAD", "EUR", "19.999", "product.variants[0].list_prices[0]")]
    [InlineData("TEE-BAD", "JPY", "1999.5", "product.variants[0].list_prices[0]")]
    [InlineData("TEE-BAD", "EUR", "-1", "product.variants[0].list_prices[0]")]
    public async Task Bad_input_is_refused_with_InvalidArgument_naming_the_field(string sku, string? currency, string? price, string field)
    {
        var product = Tee("TEE-BAD", sku);
        if (currency is not null)
        {
            product.Variants[0].ListPrices.Clear();
            product.Variants[0].ListPrices.Add(new Contracts.Common.V1.Money { CurrencyCode = currency, Units = 19 });
            if (price is not null)
            {
                product.Variants[0].ListPrices[0] = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture).ToMoney(currency);
            }
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => Upsert(product));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(field, error.Trailers.GetValue("field"));
        await Assert.ThrowsAsync<RpcException>(() => _client.GetProductAsync(new GetProductRequest { ProductId = "TEE-BAD" }).ResponseAsync);
    }

    [Fact]
    public async Task Negative_unit_cost_is_refused()
    {
        var product = Tee("TEE-COST", "TEE-COST-S");
        product.Variants[0].UnitCost = (-0.01m).ToMoney("EUR");

        var error = await Assert.ThrowsAsync<RpcException>(() => Upsert(product));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("must not be negative", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sku_of_another_product_is_refused_with_AlreadyExists()
    {
        await Upsert(Tee("TEE-OWNER", "TEE-SHARED"));

        var error = await Assert.ThrowsAsync<RpcException>(() => Upsert(Tee("TEE-THIEF", "tee-shared")));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("TEE-OWNER", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_product_is_NotFound_and_a_missing_key_is_InvalidArgument()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => _client.GetProductAsync(new GetProductRequest { Sku = "NOPE-1" }).ResponseAsync);
        var noKey = await Assert.ThrowsAsync<RpcException>(() => _client.GetProductAsync(new GetProductRequest()).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("NOPE-1", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, noKey.StatusCode);
    }

    [Fact]
    public async Task Listing_pages_through_every_product_once_in_id_order()
    {
        var ids = Enumerable.Range(1, 5).Select(i => $"PAGE-{i:D2}").ToList();
        foreach (var id in ids)
        {
            var product = Tee(id, id + "-S");
            product.Active = id != "PAGE-03";
            await Upsert(product);
        }

        var seen = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await _client.ListProductsAsync(new ListProductsRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Products.Select(p => p.ProductId).Where(id => id.StartsWith("PAGE-", StringComparison.Ordinal)));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 50);

        Assert.Equal(ids, seen);
        var active = await _client.ListProductsAsync(new ListProductsRequest { PageSize = 500, ActiveOnly = true });
        Assert.DoesNotContain(active.Products, p => p.ProductId == "PAGE-03");
        var badSize = await Assert.ThrowsAsync<RpcException>(() => _client.ListProductsAsync(new ListProductsRequest { PageSize = 501 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badSize.StatusCode);
    }
}
