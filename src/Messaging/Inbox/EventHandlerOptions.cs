namespace Integration.Messaging.Inbox;

/// <summary>How one handler's subscription is declared.</summary>
public sealed class EventHandlerOptions
{
    /// <summary>
    /// Declare Dapr's <c>bulkSubscribe</c>: deliveries come many events to a request and are handled in one
    /// transaction (falling back to one by one when it fails). The embedded transport honours it too.
    /// </summary>
    public bool Bulk { get; set; }

    /// <summary>Dapr's <c>maxMessagesCount</c>: events per bulk delivery at most.</summary>
    public int BulkMaxMessages { get; set; } = 100;

    /// <summary>Dapr's <c>maxAwaitDurationMs</c>: how long the sidecar waits to fill a bulk (the embedded transport never waits).</summary>
    public int BulkMaxAwaitMilliseconds { get; set; } = 1000;

    /// <summary>
    /// A faster reader of this handler's event data than the general protobuf JSON parser (which reads through a char
    /// tokenizer and sets fields by reflection); null: <see cref="Events.EventJson.Parse"/>. Used for every delivery and
    /// for replays of its dead letters.
    /// </summary>
    public EventDataParser? Parse { get; set; }
}
