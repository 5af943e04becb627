using System.Collections.Concurrent;

namespace Integration.Inventory.Locks;

/// <summary>Per-SKU semaphores in this process: serves a single replica when no Redis is configured.</summary>
internal sealed class InProcessSkuLock : ISkuLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable?> AcquireAsync(IReadOnlyList<string> skus, CancellationToken ct)
    {
        var held = new List<SemaphoreSlim>(skus.Count);
        try
        {
            foreach (var sku in skus)
            {
                var gate = _locks.GetOrAdd(sku, _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync(ct);
                held.Add(gate);
            }
        }
        catch
        {
            held.ForEach(g => g.Release());
            throw;
        }

        return new Held(held);
    }

    private sealed class Held(List<SemaphoreSlim> held) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            held.ForEach(g => g.Release());
            return ValueTask.CompletedTask;
        }
    }
}
