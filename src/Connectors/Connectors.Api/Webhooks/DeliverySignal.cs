using System.Collections.Concurrent;

namespace Integration.Connectors.Webhooks;

/// <summary>
/// Wakes the processor when a delivery was stored that it could apply now, so it need not wait for its periodic
/// sweep. A delivery about a resource held in backoff (an earlier delivery of it failed transiently and waits for its
/// <c>NextAttemptAt</c>) wakes nothing: it could only queue behind that one. So during an outage of the owning service
/// the intake goes on storing at full speed instead of paying for a sweep of the whole backlog after every commit.
/// </summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    // Resource group -> until when it is held. Only a hint for wake-ups and the next sweep's time: what holds a
    // delivery is its stored NextAttemptAt, which every sweep reads.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

    /// <summary>The deliveries of one resource are applied one at a time, in order; one about no known resource is its own group.</summary>
    public static string Group(string channel, string? resourceId, long id) =>
        resourceId is { } resource ? $"{channel}|{resource}" : $"{channel}|#{id}";

    /// <summary>Wakes the processor (e.g. a delivery replayed by an operator).</summary>
    public void Notify()
    {
        // At most one pending wake-up: a burst of deliveries is one sweep.
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another thread released it between the check and the release: already awake.
        }
    }

    /// <summary>Deliveries were stored for processing: wakes the processor unless each is about a resource held at <paramref name="now"/>.</summary>
    public void Stored(IEnumerable<(string Channel, string? ResourceId)> deliveries, DateTimeOffset now)
    {
        foreach (var (channel, resource) in deliveries)
        {
            if (resource is null || !_held.TryGetValue(Group(channel, resource, 0), out var until) || until <= now)
            {
                Notify();
                return;
            }
        }
    }

    /// <summary>The resource's deliveries wait until <paramref name="until"/>.</summary>
    public void Hold(string group, DateTimeOffset until) => _held[group] = until;

    /// <summary>Forgets holds that ran out by <paramref name="now"/>; returns the earliest one still running, if any.</summary>
    public DateTimeOffset? Expire(DateTimeOffset now)
    {
        DateTimeOffset? earliest = null;
        foreach (var hold in _held)
        {
            if (hold.Value <= now)
            {
                // Only if unchanged: a failure at this moment may have just renewed it.
                _held.TryRemove(hold);
            }
            else if (earliest is null || hold.Value < earliest)
            {
                earliest = hold.Value;
            }
        }

        return earliest;
    }

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
