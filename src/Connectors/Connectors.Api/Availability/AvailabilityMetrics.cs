using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Integration.Connectors.Availability;

/// <summary>Meter "Integration.Connectors.Availability": push latency and outcomes by channel, failures by channel, stale events skipped.</summary>
internal sealed class AvailabilityMetrics : IDisposable
{
    public const string MeterName = "Integration.Connectors.Availability";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _pushes;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _stale;

    public AvailabilityMetrics()
    {
        _latency = _meter.CreateHistogram<double>("integration.connectors.availability.push.duration", unit: "s", description: "Time one push to a channel took (retries included)");
        _pushes = _meter.CreateCounter<long>("integration.connectors.availability.pushes", description: "Pushes by channel and outcome (pushed, unchanged, not_sold)");
        _failures = _meter.CreateCounter<long>("integration.connectors.availability.push.failures", description: "Pushes the channel refused or failed, by channel");
        _stale = _meter.CreateCounter<long>("integration.connectors.availability.stale_skipped", description: "Availability events older than what the channel was already told, not pushed");
    }

    public void Pushed(string channel, PushOutcome outcome, TimeSpan took)
    {
        _pushes.Add(1, new TagList { { "channel", channel }, { "outcome", outcome.ToString().ToLowerInvariant() } });
        _latency.Record(took.TotalSeconds, new TagList { { "channel", channel }, { "outcome", "ok" } });
    }

    public void Failed(string channel, bool permanent, TimeSpan took)
    {
        _failures.Add(1, new TagList { { "channel", channel }, { "permanent", permanent } });
        _latency.Record(took.TotalSeconds, new TagList { { "channel", channel }, { "outcome", "failed" } });
    }

    public void Stale(string channel) => _stale.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Dispose() => _meter.Dispose();
}
