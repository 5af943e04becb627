namespace Integration.Ledger.Data.Postings;

/// <summary>Which journal entry a fact of an order produced, so an order's postings can be found and reconciled.</summary>
public sealed class PostingRecord
{
    public required string EntryId { get; set; }

    public required string OrderId { get; set; }

    public required string EventId { get; set; }

    public required string Kind { get; set; }
}
