using System.Diagnostics.Metrics;
using Integration.Order.Data.Exceptions;

namespace Integration.Order.Orders;

/// <summary>Meter "Integration.Order": orders ingested, duplicates, stale updates, facts by outcome, exceptions opened.</summary>
internal sealed class OrderMetrics : IDisposable
{
    public const string MeterName = "Integration.Order";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _stale;
    private readonly Counter<long> _facts;
    private readonly Counter<long> _exceptions;

    public OrderMetrics()
    {
        _ingested = _meter.CreateCounter<long>("integration.order.ingested", description: "Orders stored for the first time");
        _duplicates = _meter.CreateCounter<long>("integration.order.duplicates", description: "Repeated deliveries of an order or fact, with no effect");
        _stale = _meter.CreateCounter<long>("integration.order.stale_updates", description: "Order updates older than the stored order, ignored");
        _facts = _meter.CreateCounter<long>("integration.order.facts", description: "Facts received, by kind and outcome");
        _exceptions = _meter.CreateCounter<long>("integration.order.exceptions_opened", description: "Business exceptions opened, by type");
    }

    public void Ingested(int count = 1) => _ingested.Add(count);

    public void Duplicate() => _duplicates.Add(1);

    public void Stale() => _stale.Add(1);

    public void Fact(string kind, string outcome) =>
        _facts.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    public void ExceptionOpened(ExceptionType type) => _exceptions.Add(1, new KeyValuePair<string, object?>("type", type.ToString()));

    public void Dispose() => _meter.Dispose();
}
