namespace Integration.Messaging.Inbox;

/// <summary>Proof that a consumer processed an event: written in the same transaction as the handler's effects.</summary>
public sealed class InboxRecord
{
    public required string Consumer { get; set; }

    public required string EventId { get; set; }

    public required string Type { get; set; }

    public DateTime ProcessedAt { get; set; }
}

/// <summary>Failed attempts of a consumer on one event, kept outside the rolled-back transaction.</summary>
public sealed class InboxFailure
{
    public required string Consumer { get; set; }

    public required string EventId { get; set; }

    public int Attempts { get; set; }

    public string LastError { get; set; } = string.Empty;

    public DateTime FirstFailedAt { get; set; }

    public DateTime LastFailedAt { get; set; }
}
