namespace Integration.Inventory.Locks;

/// <summary>
/// Serialises reservation batches on the same SKUs. An optimisation only: the database's conditional
/// write refuses an oversell whether or not the lock is held.
/// </summary>
internal interface ISkuLock
{
    /// <summary>Takes the locks of <paramref name="skus"/> (sorted, so two holders never wait on each other); null when going ahead without.</summary>
    Task<IAsyncDisposable?> AcquireAsync(IReadOnlyList<string> skus, CancellationToken ct);
}

/// <summary>No lock: the database guard alone (benchmark comparison, or by configuration).</summary>
internal sealed class NoSkuLock : ISkuLock
{
    public Task<IAsyncDisposable?> AcquireAsync(IReadOnlyList<string> skus, CancellationToken ct) => Task.FromResult<IAsyncDisposable?>(null);
}
