namespace Integration.Ledger.Data.Exports;

/// <summary>
/// A journal entry sent to the ERP in a format. The key (format, entry) is what makes "nothing
/// is sent twice" hold even when two batches run at once: the second insert fails.
/// </summary>
public sealed class ExportedEntry
{
    public required string Format { get; set; }

    public required string EntryId { get; set; }

    public required string BatchId { get; set; }

    /// <summary>Position of the entry in its batch, from 1 (the voucher / document number).</summary>
    public int Ordinal { get; set; }
}
