namespace Integration.Messaging.DeadLetters;

/// <summary>A message that kept failing, parked with its evidence until a person replays or discards it.</summary>
public sealed class DeadLetter
{
    public required string Id { get; set; }

    /// <summary>"publish" (this service could not publish it), "handle" (a handler here failed) or "delivery" (the Dapr sidecar gave up delivering it).</summary>
    public required string Kind { get; set; }

    /// <summary>"parked", "replayed" or "discarded".</summary>
    public required string Status { get; set; }

    public required string EventId { get; set; }

    public required string EventType { get; set; }

    /// <summary>The failing handler, for kinds "handle" and "delivery".</summary>
    public string? Consumer { get; set; }

    /// <summary>The outbox row, for kind "publish".</summary>
    public long? OutboxMessageId { get; set; }

    /// <summary>The whole CloudEvent in structured JSON.</summary>
    public required string CloudEventJson { get; set; }

    public required string LastError { get; set; }

    public int Attempts { get; set; }

    public DateTime ParkedAt { get; set; }

    public List<DeadLetterAction> Actions { get; set; } = [];

    /// <summary>A new parked dead letter for <paramref name="evt"/>, keeping the whole CloudEvent as evidence.</summary>
    public static DeadLetter Park(
        string kind, Events.ReceivedEvent evt, string error, int attempts, DateTime at, string? consumer = null, long? outboxMessageId = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Kind = kind,
        Status = StatusParked,
        EventId = evt.Id,
        EventType = evt.Type,
        Consumer = consumer,
        OutboxMessageId = outboxMessageId,
        CloudEventJson = System.Text.Encoding.UTF8.GetString(Events.CloudEventCodec.Encode(evt)),
        LastError = error,
        Attempts = attempts,
        ParkedAt = at,
    };

    public const string KindPublish = "publish";
    public const string KindHandle = "handle";
    public const string KindDelivery = "delivery";
    public const string StatusParked = "parked";
    public const string StatusReplayed = "replayed";
    public const string StatusDiscarded = "discarded";
}

/// <summary>One audited operator action on a dead letter.</summary>
public sealed class DeadLetterAction
{
    public long Id { get; set; }

    public required string DeadLetterId { get; set; }

    public required string Action { get; set; }

    public required string Actor { get; set; }

    public required string Reason { get; set; }

    public DateTime At { get; set; }
}
