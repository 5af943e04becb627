using System.Collections.Concurrent;

namespace Integration.Connectors.Availability;

/// <summary>
/// One push at a time per (channel, SKU, location), and the highest sequence pushed per key in this process. The
/// durable guard is the push_states row (committed with the event's inbox record); this one also covers a push whose
/// transaction has not committed yet when the next event for the key arrives (providers without SQLite's single writer).
/// </summary>
internal sealed class PushOrdering
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _highest = new(StringComparer.Ordinal);

    public static string Key(string channel, string sku, string location) => $"{channel}\u001f{sku}\u001f{location}";

    public async Task<IDisposable> LockAsync(string key, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    public long Highest(string key) => _highest.GetValueOrDefault(key);

    public void Pushed(string key, long sequence) => _highest.AddOrUpdate(key, sequence, (_, seen) => Math.Max(seen, sequence));

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
