using Dapr;
using Dapr.Client;
using Grpc.Core;
using Integration.Messaging.Events;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Transports;

/// <summary>Publishes through the Dapr sidecar. The CloudEvent is sent whole, so Dapr keeps our id, type and source.</summary>
public sealed class DaprTransport(DaprClient dapr, IOptions<MessagingOptions> options) : IEventTransport
{
    public async Task<DeliveryResult> PublishAsync(ReceivedEvent evt, CancellationToken ct)
    {
        // No "cloudevent.*" metadata: daprd ignores those overrides for an application/cloudevents+json body and
        // sets traceparent from the gRPC call's own trace context, which the current (publish) span supplies.
        try
        {
            await dapr.PublishByteEventAsync(
                options.Value.PubSubName, evt.Type, CloudEventCodec.Encode(evt), CloudEventCodec.ContentType, cancellationToken: ct);
            return DeliveryResult.Ok;
        }
        catch (DaprException ex) when (ex.InnerException is RpcException rpc && !ct.IsCancellationRequested)
        {
            // DaprClient's own message is generic; the outbox row and any dead letter must say what the sidecar answered.
            return DeliveryResult.Failed($"Dapr sidecar answered {rpc.StatusCode} publishing to {options.Value.PubSubName}/{evt.Type}: {rpc.Status.Detail}");
        }
    }
}
