using Integration.Catalog.Data;
using Integration.Catalog.Products;
using Integration.Contracts.Catalog.V1;
using Integration.Messaging.Outbox;
using Integration.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Import;

/// <summary>
/// The first sync: rows applied in batches, each batch one transaction (products loaded in one query, one
/// SaveChanges), with exactly the rules of a single upsert. A row that is refused is reported and skips nothing
/// else; if a batch cannot be saved (a concurrent writer won a key), it is replayed row by row.
/// </summary>
internal sealed partial class ProductImporter(IServiceScopeFactory scopes, ILogger<ProductImporter> logger)
{
    public const int BatchSize = 1000;

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

    public async Task ImportBatchAsync(List<(int Row, UpsertCommand Command)> commands, List<ImportRowResult> results, CancellationToken ct)
    {
        try
        {
            results.AddRange(await StageAndSaveAsync(commands, ct));
        }
        catch (DbUpdateException ex)
        {
            LogBatchReplayed(logger, commands.Count, ex.InnerException?.Message ?? ex.Message);
            foreach (var (row, command) in commands)
            {
                results.Add(await OneAsync(row, command, ct));
            }
        }
    }

    private async Task<List<ImportRowResult>> StageAndSaveAsync(List<(int Row, UpsertCommand Command)> commands, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<ProductWriter>();
        var bulk = db.Database.ProviderName == SqliteBatchWriter.Provider;
        var collected = bulk ? writer.Collect() : null;
        // Detected once, before the save, and only on what was loaded (see SqliteBatchWriter.DetectChanges).
        db.ChangeTracker.AutoDetectChangesEnabled = !bulk;
        var clashes = await ProductClashes.FindAsync(db, commands.Select(c => c.Command).ToList(), ct);
        var ids = commands.Select(c => c.Command.ProductId).Distinct(StringComparer.Ordinal).ToList();
        // EF.Parameter sends the batch's ids as one JSON parameter: EF Core 10's default, one SQL parameter per id,
        // spent ~80 % of the import's CPU compiling a 1,000-parameter IN list for each split query.
        var products = await ProductQueries.Tracked(db).Where(p => EF.Parameter(ids).Contains(p.Id)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
        var open = await writer.OpenConflictsAsync(ids, ct);
        // SKUs claimed earlier in this batch count like stored ones.
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<ImportRowResult>(commands.Count);
        var staged = new List<UpsertResult>(commands.Count);
        foreach (var (row, command) in commands)
        {
            try
            {
                if (clashes.TryGetValue(command, out var clash))
                {
                    throw new ConflictException(clash);
                }

                var taken = command.Variants.FirstOrDefault(v => claimed.TryGetValue(v.Sku, out var owner) && owner != command.ProductId);
                if (taken is not null)
                {
                    throw new ConflictException($"SKU {taken.Sku} already belongs to product {claimed[taken.Sku]} (earlier in this import)");
                }

                var result = writer.Stage(products.GetValueOrDefault(command.ProductId), command, open);
                if (result.Product is not null)
                {
                    products[command.ProductId] = result.Product;
                    foreach (var variant in command.Variants)
                    {
                        claimed[variant.Sku] = command.ProductId;
                    }
                }

                staged.Add(result);
                results.Add(Outcome(row, command, result));
            }
            catch (DomainException ex)
            {
                results.Add(Rejected(row, command.ProductId, ex));
            }
        }

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

        staged.ForEach(ProductWriter.Count);
        // Versions are final only after the save (a product changed twice in the batch).
        foreach (var result in results.Where(r => r.Outcome != ImportOutcome.Rejected))
        {
            result.Version = products.TryGetValue(result.ProductId, out var product) ? product.Version : 0;
        }

        return results;
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
