using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Integration.Messaging.Dapr.Tests.Sidecar;

/// <summary>The fake sidecar's PublishEvent: records the request and its trace header, then accepts or fails as told.</summary>
public sealed class DaprRuntimeService(SidecarState state) : DaprRuntimeBase
{
    public override Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        var failure = state.CurrentFailure;
        state.Record(new PublishCall(request.Clone(), context.RequestHeaders.GetValue("traceparent"), failure));
        if (failure is { } status)
        {
            throw new RpcException(status);
        }

        return Task.FromResult(new Empty());
    }
}
