using Integration.Catalog.Data;
using Integration.Catalog.Products;
using ImportRowResult = Integration.Contracts.Catalog.V1.ImportRowResult;

namespace Integration.Catalog.Import;

/// <summary>
/// One import batch decided and applied on its own context but not yet saved: what the writer stage needs to store
/// it (or to replay it row by row), and the keys its write may change.
/// </summary>
internal sealed class StagedBatch(AsyncServiceScope scope, CatalogDbContext db, StagedRows? collected) : IAsyncDisposable
{
    private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _released;

    public CatalogDbContext Db => db;

    /// <summary>Null unless the SQLite batched writer stores the new rows (see <see cref="ProductWriter.Collect"/>).</summary>
    public StagedRows? Collected => collected;

    public required List<(int Row, UpsertCommand Command)> Commands { get; init; }

    /// <summary>One result per command, in order.</summary>
    public required List<ImportRowResult> Results { get; init; }

    public required List<UpsertResult> Staged { get; init; }

    public required ImportKeys Keys { get; init; }

    /// <summary>Why the batch cannot be stored at once and is applied row by row instead (rare), or null.</summary>
    public string? ReplayReason { get; init; }

    /// <summary>Completes once the batch is stored (or given up), so a later batch sharing a key may be staged.</summary>
    public Task Written => _written.Task;

    /// <summary>Gives the context back (its save failed and the rows are replayed), but the batch is not written yet.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (!_released)
        {
            _released = true;
            await scope.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _written.TrySetResult();
        await ReleaseAsync();
    }
}
