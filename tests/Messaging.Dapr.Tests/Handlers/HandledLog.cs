using System.Collections.Concurrent;
using System.Diagnostics;
using Integration.Messaging.Inbox;

namespace Integration.Messaging.Dapr.Tests.Handlers;

/// <summary>
/// What a handler saw: its event context, the data it was given, and the span it ran in
/// (whose parent is the traceparent the delivery carried).
/// </summary>
public sealed record HandledEvent(string Handler, EventContext Context, string DataJson, ActivityTraceId? TraceId, ActivitySpanId? ParentSpanId);

/// <summary>Every handler invocation of one test app, in order.</summary>
public sealed class HandledLog
{
    private readonly ConcurrentQueue<HandledEvent> _entries = new();

    public IReadOnlyList<HandledEvent> Entries => _entries.ToArray();

    public void Add(string handler, EventContext context, Google.Protobuf.IMessage data)
    {
        var span = Activity.Current;
        _entries.Enqueue(new HandledEvent(handler, context, Events.EventJson.Format(data), span?.TraceId, span?.ParentSpanId));
    }
}
