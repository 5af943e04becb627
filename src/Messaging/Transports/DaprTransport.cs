using Dapr.Client;
using Integration.Messaging.Events;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Transports;

/// <summary>Publishes through the Dapr sidecar. The CloudEvent is sent whole, so Dapr keeps our id, type and source.</summary>
public sealed class DaprTransport(DaprClient dapr, IOptions<MessagingOptions> options) : IEventTransport
{
    public async Task<DeliveryResult> PublishAsync(ReceivedEvent evt, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(evt.TraceParent))
        {
            metadata["cloudevent.traceparent"] = evt.TraceParent;
        }

        await dapr.PublishByteEventAsync(
            options.Value.PubSubName, evt.Type, CloudEventCodec.Encode(evt), CloudEventCodec.ContentType, metadata, ct);
        return DeliveryResult.Ok;
    }
}
