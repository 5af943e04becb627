using Integration.Catalog.Data;
using Integration.Catalog.Products;
using Integration.Contracts.Catalog.V1;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Integration.Catalog.Import;

/// <summary>
/// The first sync: rows applied in batches, each batch one transaction (products loaded in one query, one
/// save), with exactly the rules of a single upsert. A row that is refused is reported and skips nothing
/// else; if a batch cannot be saved (a concurrent writer won a key), it is replayed row by row. Staging (reading and
/// deciding) and writing are separate steps, so the import can stage one batch while the previous one is written.
/// </summary>
internal sealed partial class ProductImporter(IServiceScopeFactory scopes, IOptions<ImportOptions> options, ILogger<ProductImporter> logger)
{
    public int BatchSize => options.Value.BatchSize;

    /// <summary>Validates a row; an invalid one is answered at once, a valid one waits for its batch.</summary>
    public static (int Row, UpsertCommand Command)? Prepare(int row, UpsertProductRequest request, List<ImportRowResult> results)
    {
        try
        {
            return (row, UpsertCommand.From(request));
        }
        catch (DomainException ex)
        {
            results.Add(Rejected(row, request.Product?.ProductId ?? string.Empty, ex));
            return null;
        }
    }

    /// <summary>
    /// Decides and applies a batch on its own context, reading the database (products, SKU owners, channel-id holders,
    /// open conflicts) but writing nothing: the caller stores it with <see cref="WriteAsync"/>, in batch order.
    /// </summary>
    public async Task<StagedBatch> StageAsync(List<(int Row, UpsertCommand Command)> commands, ImportKeys keys, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            return await StageAsync(scope, commands, keys, ct);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stores a staged batch in one transaction and adds its results; if it cannot be saved
    /// at once (a concurrent writer won a key, or a version moved) its rows are applied one by one instead.
    /// </summary>
    public async Task WriteAsync(StagedBatch batch, List<ImportRowResult> results, CancellationToken ct)
    {
        var reason = batch.ReplayReason;
        if (reason is null)
        {
            try
            {
                await SaveAsync(batch, ct);
                results.AddRange(batch.Results);
                return;
            }
            catch (DbUpdateException ex)
            {
                reason = ex.InnerException?.Message ?? ex.Message;
            }
        }

        LogBatchReplayed(logger, batch.Commands.Count, reason);
        await batch.ReleaseAsync();
        foreach (var (row, command) in batch.Commands)
        {
            results.Add(await OneAsync(row, command, ct));
        }
    }

    private static async Task<StagedBatch> StageAsync(
        AsyncServiceScope scope, List<(int Row, UpsertCommand Command)> commands, ImportKeys keys, CancellationToken ct)
    {
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<ProductWriter>();
        var bulk = db.Database.IsSqlite();
        var collected = bulk ? writer.Collect() : null;
        // Detected once, before the save, and only on what was loaded (see SqliteBatchWriter.DetectChanges).
        db.ChangeTracker.AutoDetectChangesEnabled = !bulk;
        var clashes = await ProductClashes.LoadAsync(db, commands.Select(c => c.Command).ToList(), ct);
        var ids = commands.Select(c => c.Command.ProductId).Distinct(StringComparer.Ordinal).ToList();
        // EF.Parameter sends the batch's ids as one JSON parameter: EF Core 10's default, one SQL parameter per id,
        // spent ~80 % of the import's CPU compiling a 1,000-parameter IN list for each split query.
        var products = await ProductQueries.Tracked(db).Where(p => EF.Parameter(ids).Contains(p.Id)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
        // Before staging: the channel ids the stored products hold now are the ones a change may delete.
        keys.AddHeldBy(products.Values);
        var open = await writer.OpenConflictsAsync(ids, ct);
        // SKUs claimed earlier in this batch count like stored ones.
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<ImportRowResult>(commands.Count);
        var staged = new List<UpsertResult>(commands.Count);
        foreach (var (row, command) in commands)
        {
            if (clashes.TakesReleased(command))
            {
                return new StagedBatch(scope, db, collected)
                {
                    Commands = commands, Results = results, Staged = staged, Keys = keys,
                    ReplayReason = $"row {row} sets a channel id an earlier row of the batch removed",
                };
            }

            try
            {
                if (clashes.Find(command) is { } clash)
                {
                    throw new ConflictException(clash);
                }

                var taken = command.Variants.FirstOrDefault(v => claimed.TryGetValue(v.Sku, out var owner) && owner != command.ProductId);
                if (taken is not null)
                {
                    throw new ConflictException($"SKU {taken.Sku} already belongs to product {claimed[taken.Sku]} (earlier in this import)");
                }

                var stored = products.GetValueOrDefault(command.ProductId);
                var held = ProductClashes.Held(stored);
                var result = writer.Stage(stored, command, open);
                if (result.Product is not null)
                {
                    clashes.Staged(result.Product, held);
                    products[command.ProductId] = result.Product;
                    foreach (var variant in command.Variants)
                    {
                        claimed[variant.Sku] = command.ProductId;
                    }
                }

                staged.Add(result);
                // The version after this row, as the contract says (a later row of the batch may change the product again).
                var outcome = Outcome(row, command, result);
                outcome.Version = result.Product?.Version ?? 0;
                results.Add(outcome);
            }
            catch (DomainException ex)
            {
                results.Add(Rejected(row, command.ProductId, ex));
            }
        }

        return new StagedBatch(scope, db, collected) { Commands = commands, Results = results, Staged = staged, Keys = keys };
    }

    private static async Task SaveAsync(StagedBatch batch, CancellationToken ct)
    {
        var db = batch.Db;
        var collected = batch.Collected;
        if (collected is not null)
        {
            SqliteBatchWriter.DetectChanges(db);
        }

        if (collected is not null && SqliteBatchWriter.CanSave(db))
        {
            await SqliteBatchWriter.SaveAsync(db, collected, ct);
        }
        else
        {
            if (collected is not null)
            {
                // Rows SaveChanges must read back (a recorded conflict's id): what was collected joins the context.
                db.Products.AddRange(collected.NewProducts);
                db.Changes.AddRange(collected.Changes);
                db.Set<OutboxMessage>().AddRange(collected.Events);
            }

            await db.SaveChangesAsync(ct);
        }

        batch.Staged.ForEach(ProductWriter.Count);
    }

    private async Task<ImportRowResult> OneAsync(int row, UpsertCommand command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<ProductWriter>();
        try
        {
            var result = await writer.UpsertAsync(command, ct);
            var outcome = Outcome(row, command, result);
            outcome.Version = result.Product?.Version ?? 0;
            return outcome;
        }
        catch (DomainException ex)
        {
            return Rejected(row, command.ProductId, ex);
        }
    }

    private static ImportRowResult Outcome(int row, UpsertCommand command, UpsertResult result) => new()
    {
        Row = row,
        ProductId = command.ProductId,
        Outcome = result.Created ? ImportOutcome.Created : result.Plan.Changes ? ImportOutcome.Updated : ImportOutcome.Unchanged,
    };

    private static ImportRowResult Rejected(int row, string productId, DomainException ex) => new()
    {
        Row = row,
        ProductId = productId,
        Outcome = ImportOutcome.Rejected,
        Error = ex.Message,
        Field = ex is ValidationException validation ? validation.Field : string.Empty,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import batch of {Rows} rows could not be saved at once ({Reason}); applying it row by row")]
    private static partial void LogBatchReplayed(ILogger logger, int rows, string reason);
}
