namespace Integration.Ledger.Data.Postings;

/// <summary>
/// A fact that could not post yet (its order is unknown, an account mapping or a SKU cost is missing): a business
/// exception, kept rather than dropped, posted when the cause is fixed.
/// </summary>
public sealed class HeldPosting
{
    public required string EventId { get; set; }

    public required string EventType { get; set; }

    public string OrderId { get; set; } = string.Empty;

    /// <summary>The event's protobuf JSON.</summary>
    public required string Data { get; set; }

    public required string Reason { get; set; }

    public DateTime HeldAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Set when it finally posted.</summary>
    public DateTime? ReleasedAt { get; set; }
}
