using System.Threading.Channels;
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
        var rejected = new List<ImportRowResult>();
        var results = new List<ImportRowResult>();
        // Receiving and validating the next batch overlaps with writing the previous one.
        var batches = Channel.CreateBounded<List<(int, UpsertCommand)>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var rows = 0;
        var reader = Task.Run(async () =>
        {
            try
            {
                var batch = new List<(int, UpsertCommand)>(ProductImporter.BatchSize);
                await foreach (var message in requestStream.ReadAllAsync(ct))
                {
                    if (ProductImporter.Prepare(rows++, message.Upsert ?? new UpsertProductRequest(), rejected) is { } command)
                    {
                        batch.Add(command);
                    }

                    if (batch.Count == ProductImporter.BatchSize)
                    {
                        await batches.Writer.WriteAsync(batch, ct);
                        batch = new List<(int, UpsertCommand)>(ProductImporter.BatchSize);
                    }
                }

                if (batch.Count > 0)
                {
                    await batches.Writer.WriteAsync(batch, ct);
                }

                batches.Writer.Complete();
            }
            catch (Exception ex)
            {
                batches.Writer.Complete(ex);
            }
        }, ct);

        await foreach (var batch in batches.Reader.ReadAllAsync(ct))
        {
            await importer.ImportBatchAsync(batch, results, ct);
        }

        await reader;
        results.AddRange(rejected);
        var response = new ImportProductsResponse();
        response.Results.AddRange(results.OrderBy(r => r.Row));
        response.Created = results.Count(r => r.Outcome == ImportOutcome.Created);
        response.Updated = results.Count(r => r.Outcome == ImportOutcome.Updated);
        response.Unchanged = results.Count(r => r.Outcome == ImportOutcome.Unchanged);
        response.Rejected = results.Count(r => r.Outcome == ImportOutcome.Rejected);
        LogImported(logger, rows, response.Created, response.Updated, response.Unchanged, response.Rejected);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {Rows} rows: {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, int rows, int created, int updated, int unchanged, int rejected);
}
