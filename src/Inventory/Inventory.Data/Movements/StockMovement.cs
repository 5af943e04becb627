namespace Integration.Inventory.Data.Movements;

/// <summary>
/// One booked change of on-hand: receipts, transfers, damage, write-offs, returns, counts (the variance)
/// and shipments. On-hand always equals the sum of a level's movements. The movement id is the key, so
/// a retried call finds the first booking instead of booking twice.
/// </summary>
public sealed class StockMovement
{
    /// <summary>The caller's idempotency key, e.g. "grn-2026-000123"; derived ids (transfer legs, shipments) contain ':'.</summary>
    public required string MovementId { get; set; }

    /// <summary>What kind of movement, e.g. <see cref="MovementKinds.Receipt"/>.</summary>
    public required string Kind { get; set; }

    public required string Sku { get; set; }

    public required string LocationId { get; set; }

    /// <summary>Signed change of on-hand: positive in, negative out.</summary>
    public long Quantity { get; set; }

    /// <summary>The business document behind it (purchase order, goods receipt number).</summary>
    public string Reference { get; set; } = string.Empty;

    /// <summary>SHA-256 hex of the normalised request; tells a retry from a reused id with another body.</summary>
    public required string RequestHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Why, as the caller recorded it (adjustments and counts).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>The reservation a shipment consumed, if any.</summary>
    public string? ReservationId { get; set; }

    /// <summary>On-hand at the location right after this movement was applied.</summary>
    public long OnHandAfter { get; set; }
}
