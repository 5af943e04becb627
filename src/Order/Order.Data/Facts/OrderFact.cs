namespace Integration.Order.Data.Facts;

/// <summary>
/// One fact received for an order (payment, shipment, refund, return, cancellation, update), kept whatever became of it:
/// applied, pending (its order or a fact it needs has not arrived), rejected or stale. Facts are never dropped.
/// </summary>
public sealed class OrderFact
{
    /// <summary>Also the order facts are applied in: the order they were received.</summary>
    public long Id { get; set; }

    /// <summary>Null while the order has not arrived; the channel reference then finds it.</summary>
    public string? OrderId { get; set; }

    public required string Channel { get; set; }

    public required string ExternalOrderId { get; set; }

    public FactKind Kind { get; set; }

    /// <summary>The channel's id of the fact; with the channel order and kind, the deduplication key.</summary>
    public required string ExternalId { get; set; }

    public FactState State { get; set; }

    public string Reason { get; set; } = string.Empty;

    /// <summary>The fact as received: protobuf JSON of the contract message (Payment, Shipment, Refund, Return, Cancellation).</summary>
    public required string Payload { get; set; }

    public DateTime OccurredAt { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>Stored by name.</summary>
public enum FactKind
{
    Updated,
    Payment,
    Shipment,
    Refund,
    Return,
    Cancellation,
}

/// <summary>Stored by name.</summary>
public enum FactState
{
    Pending,
    Applied,
    Rejected,
    Stale,
}
