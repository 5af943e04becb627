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
        // A failing stage stops the other two.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var ct = stop.Token;
        var rejected = new List<ImportRowResult>();
        var results = new List<ImportRowResult>();
        // Three stages overlap (one import stream alone used about one of two cores while they ran one after another):
        // receiving and validating batch n+2, staging batch n+1 (its reads and decisions), writing batch n.
        var batches = Channel.CreateBounded<List<(int, UpsertCommand)>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var staged = Channel.CreateBounded<StagedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var rows = 0;
        var reader = Task.Run(async () =>
        {
            try
            {
                var batch = new List<(int, UpsertCommand)>(importer.BatchSize);
                await foreach (var message in requestStream.ReadAllAsync(ct))
                {
                    if (ProductImporter.Prepare(rows++, message.Upsert ?? new UpsertProductRequest(), rejected) is { } command)
                    {
                        batch.Add(command);
                    }

                    if (batch.Count == importer.BatchSize)
                    {
                        await batches.Writer.WriteAsync(batch, ct);
                        batch = new List<(int, UpsertCommand)>(importer.BatchSize);
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
        var stager = Task.Run(() => StageAllAsync(importer, batches.Reader, staged.Writer, ct), ct);

        try
        {
            await foreach (var batch in staged.Reader.ReadAllAsync(ct))
            {
                await using (batch)
                {
                    await importer.WriteAsync(batch, results, ct);
                }
            }

            await reader;
            await stager;
        }
        catch
        {
            await stop.CancelAsync();
            await Task.WhenAll(reader, stager).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (staged.Reader.TryRead(out var left))
            {
                await left.DisposeAsync();
            }

            throw;
        }

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

    /// <summary>
    /// Stages each batch while the writer stores the ones before it. A batch reads the database as the writer has left
    /// it so far, so one that shares a key (product, SKU, channel id) with a batch not yet written waits for that write:
    /// every batch is decided on exactly the state a one-by-one import would see.
    /// </summary>
    private static async Task StageAllAsync(
        ProductImporter importer, ChannelReader<List<(int, UpsertCommand)>> batches, ChannelWriter<StagedBatch> staged, CancellationToken ct)
    {
        var unwritten = new List<StagedBatch>();
        try
        {
            await foreach (var commands in batches.ReadAllAsync(ct))
            {
                var keys = ImportKeys.Read(commands.Select(c => c.Item2));
                unwritten.RemoveAll(b => b.Written.IsCompleted);
                foreach (var earlier in unwritten.Where(b => b.Keys.Overlaps(keys)))
                {
                    await earlier.Written.WaitAsync(ct);
                }

                var batch = await importer.StageAsync(commands, keys, ct);
                try
                {
                    await staged.WriteAsync(batch, ct);
                }
                catch
                {
                    await batch.DisposeAsync();
                    throw;
                }

                unwritten.Add(batch);
            }

            staged.Complete();
        }
        catch (Exception ex)
        {
            staged.Complete(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {Rows} rows: {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, int rows, int created, int updated, int unchanged, int rejected);
}
