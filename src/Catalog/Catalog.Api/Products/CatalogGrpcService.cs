using Grpc.Core;
using Integration.Catalog.Conflicts;
using Integration.Catalog.Data;
using Integration.Catalog.Ownership;
using Integration.Contracts.Catalog.V1;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Products;

/// <summary>The Catalog gRPC API; one partial file per feature (products here, import, conflicts, audit, ownership).</summary>
internal sealed partial class CatalogGrpcService(
    CatalogDbContext db, ProductWriter writer, OwnershipRegistry registry, ILogger<CatalogGrpcService> logger)
    : CatalogService.CatalogServiceBase
{
    public override async Task<UpsertProductResponse> UpsertProduct(UpsertProductRequest request, ServerCallContext context)
    {
        var command = UpsertCommand.From(request);
        UpsertResult result;
        try
        {
            result = await writer.UpsertAsync(command, context.CancellationToken);
        }
        catch (PreconditionFailedException ex)
        {
            CatalogTelemetry.Conflicts.Add(1, new KeyValuePair<string, object?>("policy", "reject"));
            LogRejected(logger, command.ProductId, command.Source, ex.Message);
            throw;
        }

        LogUpserted(logger, command.ProductId, result.Product?.Version ?? 0, command.Source, result.Plan.Applied.Count, result.Plan.Stale.Count, result.Conflicts.Count);
        var response = new UpsertProductResponse { Created = result.Created };
        if (result.Product is not null)
        {
            response.Product = result.Product.ToContract();
        }

        response.AppliedFields.AddRange(result.Plan.ChangedFields.Select(c => c.Path));
        response.StaleFields.AddRange(result.Plan.Stale);
        response.Conflicts.AddRange(result.Conflicts.Select(c => c.ToContract()));
        return response;
    }

    public override async Task<GetProductResponse> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        var query = ProductQueries.ReadOnly(db);
        var ct = context.CancellationToken;
        var product = request.KeyCase switch
        {
            GetProductRequest.KeyOneofCase.ProductId =>
                await query.SingleOrDefaultAsync(p => p.Id == request.ProductId.Trim(), ct)
                ?? throw new NotFoundException($"no product with id '{request.ProductId}'"),
            GetProductRequest.KeyOneofCase.Sku =>
                await FindBySku(query, Require.NormaliseSku(request.Sku), ct)
                ?? throw new NotFoundException($"no product has a variant with SKU '{Require.NormaliseSku(request.Sku)}'"),
            GetProductRequest.KeyOneofCase.ExternalId => await FindByExternalId(query, request.ExternalId, ct),
            _ => throw new ValidationException("key", "give product_id, sku or external_id"),
        };
        return new GetProductResponse { Product = product.ToContract() };
    }

    public override async Task<ListProductsResponse> ListProducts(ListProductsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize, "page_size");
        var after = PageToken.Decode(request.PageToken, "page_token");
        var query = ProductQueries.ReadOnly(db);
        if (after is not null)
        {
            query = query.Where(p => string.Compare(p.Id, after) > 0);
        }

        if (request.ActiveOnly)
        {
            query = query.Where(p => p.Active);
        }

        if (request.ChangedSince is not null)
        {
            var since = request.ChangedSince.ToDateTime();
            query = query.Where(p => p.UpdatedAt >= since);
        }

        var page = await query.OrderBy(p => p.Id).Take(size + 1).ToListAsync(context.CancellationToken);
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

    private static async Task<Data.Products.Product> FindByExternalId(IQueryable<Data.Products.Product> query, ExternalId id, CancellationToken ct)
    {
        var channel = Require.Identifier(id.Channel, "external_id.channel");
        var kind = Require.Text(id.Kind, "external_id.kind", 32);
        var value = Require.Text(id.Value, "external_id.value", 128);
        return await query.SingleOrDefaultAsync(p => p.ExternalIds.Any(e => e.Channel == channel && e.Kind == kind && e.Value == value), ct)
            ?? throw new NotFoundException($"no product or variant has {channel} {kind} id '{value}'");
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Product {ProductId} at version {Version} after a write from {Source}: {Applied} fields applied, {Stale} stale, {Conflicts} conflicts recorded")]
    private static partial void LogUpserted(ILogger logger, string productId, long version, string source, int applied, int stale, int conflicts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write to product {ProductId} from {Source} refused: {Reason}")]
    private static partial void LogRejected(ILogger logger, string productId, string source, string reason);
}
