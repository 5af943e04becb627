namespace Integration.Order.Data.Facts;

/// <summary>An event of a held order, kept in order until its blocking exceptions close, then moved to the outbox.</summary>
public sealed class HeldEvent
{
    public long Id { get; set; }

    public required string OrderId { get; set; }

    /// <summary>The CloudEvents type.</summary>
    public required string Type { get; set; }

    /// <summary>Protobuf JSON of the event.</summary>
    public required string Data { get; set; }

    public DateTime CreatedAt { get; set; }
}
