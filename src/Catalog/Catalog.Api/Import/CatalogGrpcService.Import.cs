using Grpc.Core;
using Integration.Catalog.Import;
using Integration.Contracts.Catalog.V1;

namespace Integration.Catalog.Products;

internal sealed partial class CatalogGrpcService
{
    public override async Task<ImportProductsResponse> ImportProducts(IAsyncStreamReader<ImportProductsRequest> requestStream, ServerCallContext context)
    {
        var importer = context.GetHttpContext().RequestServices.GetRequiredService<ProductImporter>();
        var ct = context.CancellationToken;
        var results = new List<ImportRowResult>();
        var batch = new List<(int, UpsertProductRequest)>(ProductImporter.BatchSize);
        var row = 0;
        await foreach (var message in requestStream.ReadAllAsync(ct))
        {
            batch.Add((row++, message.Upsert ?? new UpsertProductRequest()));
            if (batch.Count == ProductImporter.BatchSize)
            {
                await importer.ImportBatchAsync(batch, results, ct);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await importer.ImportBatchAsync(batch, results, ct);
        }

        var response = new ImportProductsResponse();
        response.Results.AddRange(results.OrderBy(r => r.Row));
        response.Created = results.Count(r => r.Outcome == ImportOutcome.Created);
        response.Updated = results.Count(r => r.Outcome == ImportOutcome.Updated);
        response.Unchanged = results.Count(r => r.Outcome == ImportOutcome.Unchanged);
        response.Rejected = results.Count(r => r.Outcome == ImportOutcome.Rejected);
        LogImported(logger, row, response.Created, response.Updated, response.Unchanged, response.Rejected);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {Rows} rows: {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, int rows, int created, int updated, int unchanged, int rejected);
}
