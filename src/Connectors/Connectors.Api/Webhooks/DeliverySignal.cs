namespace Integration.Connectors.Webhooks;

/// <summary>Wakes the processor when a delivery was stored, so it need not wait for its periodic sweep.</summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

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

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
