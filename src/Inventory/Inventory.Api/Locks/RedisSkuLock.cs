using Integration.Inventory.Policies;
using Integration.Inventory.Telemetry;
using Medallion.Threading.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Integration.Inventory.Locks;

/// <summary>
/// Short per-SKU Redis locks (DistributedLock.Redis) that serialise hot SKUs across replicas. When Redis is
/// down, slow or the lock is busy past <see cref="ReservationOptions.LockWait"/>, the batch goes ahead on the
/// database guard alone; after a Redis failure it stops trying for a second so a dead Redis costs nothing per call.
/// </summary>
internal sealed partial class RedisSkuLock(
    IConnectionMultiplexer redis, IOptions<InventoryOptions> options, TimeProvider clock, ILogger<RedisSkuLock> logger) : ISkuLock
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private long _skipUntilTicks;

    public async Task<IAsyncDisposable?> AcquireAsync(IReadOnlyList<string> skus, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (now < Interlocked.Read(ref _skipUntilTicks) || !redis.IsConnected)
        {
            InventoryTelemetry.LockUnavailable.Add(1);
            return null;
        }

        var settings = options.Value.Reservations;
        var held = new List<RedisDistributedLockHandle>(skus.Count);
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(settings.LockWait);
            foreach (var sku in skus)
            {
                var skuLock = new RedisDistributedLock($"integration:inventory:sku:{sku}", redis.GetDatabase(),
                    o => o.Expiry(settings.LockExpiry).BusyWaitSleepTime(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));
                var handle = await skuLock.TryAcquireAsync(settings.LockWait, wait.Token);
                if (handle is null)
                {
                    break;
                }

                held.Add(handle);
                InventoryTelemetry.LockAcquired.Add(1);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _skipUntilTicks, now + Pause.Ticks);
            LogRedisFailed(logger, ex.GetType().Name, ex.Message);
        }

        if (held.Count == skus.Count)
        {
            return new Held(held);
        }

        await ReleaseAsync(held);
        InventoryTelemetry.LockUnavailable.Add(1);
        return null;
    }

    private static async Task ReleaseAsync(List<RedisDistributedLockHandle> held)
    {
        foreach (var handle in held)
        {
            try
            {
                await handle.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis went away while we held the lock (DistributedLock wraps the RedisException): the lock
                // expires by itself and the database guard never relied on it; a release must never fail a batch.
            }
        }
    }

    private sealed class Held(List<RedisDistributedLockHandle> held) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ReleaseAsync(held);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis SKU lock unavailable ({Error}: {Message}); deciding on the database guard alone for a second")]
    private static partial void LogRedisFailed(ILogger logger, string error, string message);
}
