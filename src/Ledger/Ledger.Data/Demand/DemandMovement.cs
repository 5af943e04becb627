namespace Integration.Ledger.Data.Demand;

/// <summary>
/// Units of one SKU at one location on one day, of one kind (ordered, cancelled, returned, lost).
/// Inserts only, summed on read: a handler adds rows in its own transaction without reading
/// or locking a counter, and the inbox already makes each event count once.
/// </summary>
public sealed class DemandMovement
{
    public long Id { get; set; }

    /// <summary>Normalised (trimmed, upper case).</summary>
    public required string Sku { get; set; }

    public required string LocationId { get; set; }

    /// <summary>The day of the fact (UTC).</summary>
    public DateOnly Day { get; set; }

    /// <summary>One of the *Kind constants.</summary>
    public required string Kind { get; set; }

    /// <summary>Positive units.</summary>
    public long Units { get; set; }

    /// <summary>
    /// The order (or reservation) behind a lost-demand row, so a repeated refusal of the same
    /// order counts once; null for the other kinds.
    /// </summary>
    public string? Reference { get; set; }

    public const string OrderedKind = "ordered";

    public const string CancelledKind = "cancelled";

    public const string ReturnedKind = "returned";

    /// <summary>Requested but refused for lack of stock.</summary>
    public const string LostKind = "lost";
}
