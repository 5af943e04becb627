namespace Integration.Ledger.Data.Exports;

/// <summary>
/// One export of journal entries to the ERP, keyed by the caller's batch id. The body is kept as
/// sent, so a rerun of the batch id answers the same bytes whatever changed since.
/// </summary>
public sealed class ExportBatch
{
    public required string BatchId { get; set; }

    /// <summary>The ERP format (the contract enum's name).</summary>
    public required string Format { get; set; }

    public DateOnly FromDate { get; set; }

    public DateOnly ToDate { get; set; }

    /// <summary>ISO 4217 filter, or empty for every currency.</summary>
    public string Currency { get; set; } = string.Empty;

    public string RequestedBy { get; set; } = string.Empty;

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public int EntryCount { get; set; }

    public int LineCount { get; set; }

    /// <summary>True when the line limit left unexported entries of the range for the next batch.</summary>
    public bool MoreAvailable { get; set; }

    public required string ContentType { get; set; }

    public required byte[] Body { get; set; }

    /// <summary>SHA-256 of <see cref="Body"/>, lower-case hex.</summary>
    public required string BodySha256 { get; set; }
}
