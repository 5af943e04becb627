namespace Integration.Messaging.Outbox;

/// <summary>
/// This service's outbox backlog as its dispatcher last measured it, for its readiness check. Per service instance,
/// not process-wide: a process hosting several (the tests do) must not report one's backlog as another's health.
/// </summary>
internal sealed class OutboxBacklog
{
    private long _pending;
    private double _lagSeconds;

    public long Pending => Volatile.Read(ref _pending);

    public double LagSeconds => Volatile.Read(ref _lagSeconds);

    public void Record(long pending, double lagSeconds)
    {
        Volatile.Write(ref _pending, pending);
        Volatile.Write(ref _lagSeconds, lagSeconds);
    }
}
