using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Integration.Messaging.Telemetry;

namespace Integration.Messaging.Tests.Support;

/// <summary>Listens to the messaging counters, totalled per consumer tag (tests use unique consumer names).</summary>
internal sealed class MessagingMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Consumer), long> _totals = new();

    public MessagingMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var consumer = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "consumer" && tag.Value is string name)
                {
                    consumer = name;
                }
            }

            _totals.AddOrUpdate((instrument.Name, consumer), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long Total(string instrument, string consumer) => _totals.GetValueOrDefault((instrument, consumer));

    public void Dispose() => _listener.Dispose();
}
