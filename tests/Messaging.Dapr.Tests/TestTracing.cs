using System.Diagnostics;
using Integration.Messaging.Telemetry;

namespace Integration.Messaging.Dapr.Tests;

/// <summary>
/// Samples the messaging library's spans (and this project's own), as the OpenTelemetry SDK does in a
/// service, so publish and process spans exist and carry the trace across the hops under test.
/// </summary>
public static class TestTracing
{
    public const string SourceName = "Integration.Messaging.Dapr.Tests";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly ActivityListener Listener = Listen();

    /// <summary>Starts a root span, e.g. the request that commits an event.</summary>
    public static Activity StartRoot(string name)
    {
        _ = Listener;
        return Source.StartActivity(name, ActivityKind.Server, parentContext: default)
            ?? throw new InvalidOperationException("the test activity source is not sampled");
    }

    /// <summary>Makes sure the library's spans are sampled from now on.</summary>
    public static void EnsureSampled() => _ = Listener;

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is MessagingTelemetry.Name or SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
