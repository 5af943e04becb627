using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Integration.Messaging.Dapr.Tests.Sidecar;

/// <summary>
/// The server base that protoc would generate for <c>dapr.proto.runtime.v1.Dapr</c>, reduced to PublishEvent.
/// Dapr.Protos ships that service only as a client (no <c>DaprBase</c>, no .proto files), so the method is
/// bound here by hand from the package's own service descriptor and message types: the wire contract is Dapr's.
/// </summary>
[BindServiceMethod(typeof(DaprRuntimeBase), nameof(BindService))]
public abstract class DaprRuntimeBase
{
    /// <summary>The RPC as Dapr.Protos describes it: service full name, method name, request and response types.</summary>
    public static readonly Method<PublishEventRequest, Empty> PublishEventMethod = CreatePublishEventMethod();

    // Grpc.AspNetCore binds to the override of this virtual, as it does for generated bases.
    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, ""));

    public static void BindService(ServiceBinderBase binder, DaprRuntimeBase? service) =>
        binder.AddMethod(PublishEventMethod, service is null ? null : service.PublishEvent);

    private static Method<PublishEventRequest, Empty> CreatePublishEventMethod()
    {
        var service = DaprReflection.Descriptor.Services.Single(s => s.Name == "Dapr");
        var method = service.FindMethodByName("PublishEvent")
            ?? throw new InvalidOperationException($"{service.FullName} has no PublishEvent in Dapr.Protos");
        if (method.InputType != PublishEventRequest.Descriptor || method.OutputType != Empty.Descriptor
            || method.IsClientStreaming || method.IsServerStreaming)
        {
            throw new InvalidOperationException($"{method.FullName} is not the unary PublishEventRequest -> Empty this fake implements");
        }

        return new Method<PublishEventRequest, Empty>(
            MethodType.Unary, service.FullName, method.Name, MarshallerOf(PublishEventRequest.Parser), MarshallerOf(Empty.Parser));
    }

    private static Marshaller<T> MarshallerOf<T>(MessageParser<T> parser) where T : IMessage<T> =>
        Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom);
}
