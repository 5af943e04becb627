using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Integration.Messaging.Telemetry;

/// <summary>Spans and metrics of the messaging layer (OpenTelemetry messaging semantic conventions).</summary>
public static class MessagingTelemetry
{
    public const string Name = "Integration.Messaging";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("integration.messaging.published", "{event}", "Events published from the outbox");
    public static readonly Counter<long> PublishRetries = Meter.CreateCounter<long>("integration.messaging.publish.retries", "{event}", "Failed publish attempts rescheduled with backoff");
    public static readonly Counter<long> Handled = Meter.CreateCounter<long>("integration.messaging.handled", "{event}", "Events whose handler committed");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("integration.messaging.duplicates_ignored", "{event}", "Redelivered events that had no second effect");
    public static readonly Counter<long> HandleRetries = Meter.CreateCounter<long>("integration.messaging.handle.retries", "{event}", "Failed handler attempts sent back for redelivery");
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("integration.messaging.dead_lettered", "{event}", "Events parked as dead letters");

    private static long _outboxPending;
    private static double _outboxLagSeconds;

    /// <summary>Unpublished outbox rows, as of the dispatcher's last round.</summary>
    public static long OutboxPending => Volatile.Read(ref _outboxPending);

    /// <summary>Age in seconds of the oldest unpublished event (the outbox lag), as of the last round.</summary>
    public static double OutboxLagSeconds => Volatile.Read(ref _outboxLagSeconds);

    internal static void RecordOutbox(long pending, double lagSeconds)
    {
        Volatile.Write(ref _outboxPending, pending);
        Volatile.Write(ref _outboxLagSeconds, lagSeconds);
    }

    static MessagingTelemetry()
    {
        Meter.CreateObservableGauge("integration.messaging.outbox.pending", () => OutboxPending, "{event}", "Unpublished outbox rows");
        Meter.CreateObservableGauge("integration.messaging.outbox.lag", () => OutboxLagSeconds, "s", "Age of the oldest unpublished outbox row");
    }

    /// <summary>Starts a span whose parent is the W3C traceparent carried by the event.</summary>
    public static Activity? Start(string name, ActivityKind kind, string? traceParent, string type, string eventId)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity(name, kind, parent);
        activity?.SetTag("messaging.system", "integration");
        activity?.SetTag("messaging.destination.name", type);
        activity?.SetTag("messaging.message.id", eventId);
        return activity;
    }
}
