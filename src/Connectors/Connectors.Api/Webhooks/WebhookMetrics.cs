using System.Diagnostics.Metrics;

namespace Integration.Connectors.Webhooks;

/// <summary>Counters of the webhook edge, meter <c>Integration.Connectors</c>.</summary>
public sealed class WebhookMetrics
{
    public const string MeterName = "Integration.Connectors";

    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _signatureFailures;
    private readonly Counter<long> _mappingFailures;
    private readonly Counter<long> _processed;
    private readonly Histogram<double> _commitDuration;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _deliveries = meter.CreateCounter<long>("integration.connectors.webhook.deliveries", description: "Webhook deliveries received, by channel, topic and outcome (stored, duplicate, ignored, rejected reasons).");
        _signatureFailures = meter.CreateCounter<long>("integration.connectors.webhook.signature_failures", description: "Deliveries refused for a missing or wrong signature.");
        _mappingFailures = meter.CreateCounter<long>("integration.connectors.webhook.mapping_failures", description: "Stored deliveries that could not be mapped or were refused for good.");
        _processed = meter.CreateCounter<long>("integration.connectors.webhook.processed", description: "Stored deliveries processed, by channel, topic and result (processed, failed, retry).");
        _commitDuration = meter.CreateHistogram<double>("integration.connectors.webhook.commit.duration", unit: "s", description: "Time of the intake's group commits (every request of the batch waits for it), including any checkpoint SQLite runs inside it.");
    }

    public void Delivery(string channel, string topic, string outcome) =>
        _deliveries.Add(1, new("channel", channel), new("topic", topic), new("outcome", outcome));

    public void SignatureFailure(string channel, string reason) =>
        _signatureFailures.Add(1, new KeyValuePair<string, object?>("channel", channel), new("reason", reason));

    public void MappingFailure(string channel, string topic) =>
        _mappingFailures.Add(1, new KeyValuePair<string, object?>("channel", channel), new("topic", topic));

    public void Committed(TimeSpan duration) => _commitDuration.Record(duration.TotalSeconds);

    public void Processed(string channel, string topic, string result) =>
        _processed.Add(1, new("channel", channel), new("topic", topic), new("result", result));
}
