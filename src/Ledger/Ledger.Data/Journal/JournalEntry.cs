namespace Integration.Ledger.Data.Journal;

/// <summary>
/// A posted, balanced journal entry. Posted entries are immutable: a correction is a new,
/// reversing entry, so nothing in the service updates or deletes a row of this table.
/// </summary>
public sealed class JournalEntry
{
    /// <summary>Our id: a Guid in "N" form.</summary>
    public required string Id { get; set; }

    /// <summary>The unique key of what caused the entry (an event id, or "manual:&lt;reference&gt;"); posting is idempotent on it.</summary>
    public required string SourceKey { get; set; }

    public DateOnly PostingDate { get; set; }

    /// <summary>
    /// The date of the fact itself. Equal to <see cref="PostingDate"/> unless the fact's period was
    /// closed when it arrived and it rolled forward into the next open period.
    /// </summary>
    public DateOnly OriginalDate { get; set; }

    /// <summary>Accounting period of <see cref="PostingDate"/>, "YYYY-MM"; period close works on it.</summary>
    public required string Period { get; set; }

    public string Description { get; set; } = string.Empty;

    /// <summary>When it was posted, UTC.</summary>
    public DateTime PostedAt { get; set; }

    /// <summary>SHA-256 (hex) of the normalised entry, so a repeated source key can be told apart from a conflicting one.</summary>
    public required string RequestHash { get; set; }

    public List<JournalLine> Lines { get; set; } = [];
}
