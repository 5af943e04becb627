using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Integration.Connectors.Vendure;

/// <summary>Meter "Integration.Connectors.Vendure": polls by outcome, orders synced, calls to the Order service by kind and outcome.</summary>
internal sealed class VendureMetrics : IDisposable
{
    public const string MeterName = "Integration.Connectors.Vendure";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _polls;
    private readonly Counter<long> _orders;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _pollDuration;

    public VendureMetrics()
    {
        _polls = _meter.CreateCounter<long>("integration.connectors.vendure.polls", description: "Polls of a Vendure channel, by outcome");
        _orders = _meter.CreateCounter<long>("integration.connectors.vendure.orders_synced", description: "Vendure orders whose calls the Order service accepted (changed ones only)");
        _calls = _meter.CreateCounter<long>("integration.connectors.vendure.order_calls", description: "Calls made to the Order service, by kind and outcome");
        _pollDuration = _meter.CreateHistogram<double>("integration.connectors.vendure.poll.duration", unit: "s", description: "Time one poll of a channel took");
    }

    public void Poll(string channel, string pass, string outcome, TimeSpan took)
    {
        var tags = new TagList { { "channel", channel }, { "pass", pass }, { "outcome", outcome } };
        _polls.Add(1, tags);
        _pollDuration.Record(took.TotalSeconds, tags);
    }

    public void OrderSynced(string channel) => _orders.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Call(string channel, string kind, string outcome) =>
        _calls.Add(1, new TagList { { "channel", channel }, { "kind", kind }, { "outcome", outcome } });

    public void Dispose() => _meter.Dispose();
}
