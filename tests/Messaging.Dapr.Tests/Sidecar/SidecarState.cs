using System.Collections.Concurrent;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace Integration.Messaging.Dapr.Tests.Sidecar;

/// <summary>One PublishEvent call the fake sidecar received, with the gRPC traceparent header and what it answered.</summary>
public sealed record PublishCall(PublishEventRequest Request, string? TraceParentHeader, Status? Failure)
{
    public bool Accepted => Failure is null;
}

/// <summary>What the fake sidecar has seen, and whether it is currently failing.</summary>
public sealed class SidecarState
{
    private readonly ConcurrentQueue<PublishCall> _calls = new();
    private readonly Lock _gate = new();
    private Status? _failure;

    public IReadOnlyList<PublishCall> Calls => _calls.ToArray();

    /// <summary>Set to answer every PublishEvent with this status (e.g. Unavailable); null to accept again.</summary>
    public Status? CurrentFailure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }

        set
        {
            lock (_gate)
            {
                _failure = value;
            }
        }
    }

    internal void Record(PublishCall call) => _calls.Enqueue(call);
}
