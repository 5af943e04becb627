namespace Integration.Ledger.Data.Postings;

/// <summary>
/// What the Ledger knows of one order: its lines, money and progress (as JSON state the posting rules own) and every
/// fact that fed it, so reconciliation can replay the facts and compare with the journal.
/// </summary>
public sealed class LedgerOrder
{
    public required string OrderId { get; set; }

    public string Channel { get; set; } = string.Empty;

    public string Currency { get; set; } = string.Empty;

    /// <summary>The posting rules' running state of the order (JSON).</summary>
    public string StateJson { get; set; } = "{}";

    /// <summary>Every applied fact in order: [{type, eventId, data}] (JSON), for reconciliation.</summary>
    public string FactsJson { get; set; } = "[]";

    /// <summary>Optimistic concurrency: two deliveries for one order never both apply on stale state.</summary>
    public long Version { get; set; }

    public DateTime UpdatedAt { get; set; }
}
