using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Integration.Messaging.Bench;

/// <summary>Commit and handled instants per event id (both apps live in this process, so one clock serves both).</summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, long> _committed = new(StringComparer.Ordinal);
    private readonly LongHistogram _latency = new(TimeStamp.Seconds(60), 3);
    private long _handled;
    private long _lastHandledAt;
    private long _deliveries;

    public long Handled => Interlocked.Read(ref _handled);

    public long LastHandledAt => Interlocked.Read(ref _lastHandledAt);

    /// <summary>Requests the consumer received (bulk deliveries, mostly): events per delivery is the bulk size the dispatcher made.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    public void Delivered() => Interlocked.Increment(ref _deliveries);

    public void Committed(string eventId, long at) => _committed[eventId] = at;

    public void HandledNow(string eventId)
    {
        var now = Stopwatch.GetTimestamp();
        if (_committed.TryRemove(eventId, out var committed))
        {
            lock (_latency)
            {
                _latency.RecordValue(now - committed);
            }
        }

        Interlocked.Exchange(ref _lastHandledAt, now);
        Interlocked.Increment(ref _handled);
    }

    public (double P50, double P99, double Max) LatencyMilliseconds()
    {
        lock (_latency)
        {
            double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
            return (Ms(_latency.GetValueAtPercentile(50)), Ms(_latency.GetValueAtPercentile(99)), Ms(_latency.GetMaxValue()));
        }
    }

    public void Reset()
    {
        lock (_latency)
        {
            _latency.Reset();
        }

        _committed.Clear();
        Interlocked.Exchange(ref _handled, 0);
        Interlocked.Exchange(ref _deliveries, 0);
    }
}
