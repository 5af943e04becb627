using Grpc.Core;
using Integration.Catalog.Data;
using Integration.Contracts.Catalog.V1;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

/// <summary>The Catalog gRPC API: products, variants and SKUs.</summary>
internal sealed partial class CatalogGrpcService(CatalogDbContext db, IOutbox outbox, TimeProvider clock, ILogger<CatalogGrpcService> logger)
    : CatalogService.CatalogServiceBase
{
    public override async Task<UpsertProductResponse> UpsertProduct(UpsertProductRequest request, ServerCallContext context)
    {
        var source = Require.Identifier(request.SourceSystem, "source_system");
        var input = ProductInput.From(request.Product);
        var (product, created) = await new ProductWriter(db, outbox, clock).UpsertAsync(input, source, context.CancellationToken);
        LogUpserted(logger, product.Id, product.Version, source, created);
        return new UpsertProductResponse { Product = product.ToContract(), Created = created };
    }

    public override async Task<GetProductResponse> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        var query = db.Products.AsNoTracking().Include(p => p.Variants).AsSplitQuery();
        var product = request.KeyCase switch
        {
            GetProductRequest.KeyOneofCase.ProductId =>
                await query.SingleOrDefaultAsync(p => p.Id == request.ProductId.Trim(), context.CancellationToken)
                ?? throw new NotFoundException($"no product with id '{request.ProductId}'"),
            GetProductRequest.KeyOneofCase.Sku =>
                await FindBySku(query, Require.NormaliseSku(request.Sku), context.CancellationToken)
                ?? throw new NotFoundException($"no product has a variant with SKU '{Require.NormaliseSku(request.Sku)}'"),
            _ => throw new ValidationException("key", "give product_id or sku"),
        };
        return new GetProductResponse { Product = product.ToContract() };
    }

    public override async Task<ListProductsResponse> ListProducts(ListProductsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var after = PageToken.Decode(request.PageToken, "page_token");
        var query = db.Products.AsNoTracking().Include(p => p.Variants).AsQueryable();
        if (after is not null)
        {
            query = query.Where(p => string.Compare(p.Id, after) > 0);
        }

        if (request.ActiveOnly)
        {
            query = query.Where(p => p.Active);
        }

        var page = await query.OrderBy(p => p.Id).Take(size + 1).AsSplitQuery().ToListAsync(context.CancellationToken);
        var response = new ListProductsResponse();
        response.Products.AddRange(page.Take(size).Select(p => p.ToContract()));
        if (page.Count > size)
        {
            response.NextPageToken = PageToken.Encode(page[size - 1].Id);
        }

        return response;
    }

    private static Task<Data.Products.Product?> FindBySku(IQueryable<Data.Products.Product> query, string sku, CancellationToken ct) =>
        query.SingleOrDefaultAsync(p => p.Variants.Any(v => v.Sku == sku), ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Product {ProductId} stored at version {Version} from {Source} (created: {Created})")]
    private static partial void LogUpserted(ILogger logger, string productId, long version, string source, bool created);
}
