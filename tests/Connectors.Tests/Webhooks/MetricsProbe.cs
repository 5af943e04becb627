using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Integration.Connectors.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>Totals of one host's webhook counters (its own meter factory, so parallel hosts do not mix), by instrument and tags.</summary>
public sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public MetricsProbe(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WebhookMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var parts = new List<string> { instrument.Name };
            foreach (var tag in tags)
            {
                parts.Add($"{tag.Key}={tag.Value}");
            }

            parts.Sort(1, parts.Count - 1, StringComparer.Ordinal);
            _totals.AddOrUpdate(string.Join('|', parts), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>The total of <paramref name="instrument"/> over measurements carrying every given tag.</summary>
    public long Total(string instrument, params string[] tags) =>
        _totals.Where(t => t.Key.StartsWith(instrument + "|", StringComparison.Ordinal) && tags.All(tag => t.Key.Split('|').Contains(tag))).Sum(t => t.Value);

    public void Dispose() => _listener.Dispose();
}
