namespace Integration.Inventory.Data.Reservations;

/// <summary>
/// A hold on stock for an order or cart, keyed by the caller's id. Its lines' open quantities are
/// exactly what it adds to <see cref="Stock.StockLevel.Reserved"/>.
/// </summary>
public sealed class Reservation
{
    /// <summary>The caller's id (idempotency key).</summary>
    public required string Id { get; set; }

    /// <summary>The order or cart it belongs to.</summary>
    public required string OrderId { get; set; }

    public string Channel { get; set; } = string.Empty;

    /// <summary>One of <see cref="ReservationStates"/>.</summary>
    public required string State { get; set; }

    /// <summary>The allocation strategy that placed it (its enum name).</summary>
    public string Allocation { get; set; } = string.Empty;

    /// <summary>SHA-256 hex of the normalised request; tells a retry from a reused id with another body.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The rejected lines with their shortfall, as JSON; null when granted.</summary>
    public string? RejectedLines { get; set; }

    /// <summary>When a pending reservation expires; null when it does not.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: commit, release, consume and expiry never overwrite each other.</summary>
    public int RowVersion { get; set; }

    public List<ReservationLine> Lines { get; set; } = [];
}

/// <summary>One allocated line: units of a SKU held at a location.</summary>
public sealed class ReservationLine
{
    public required string ReservationId { get; set; }

    /// <summary>Position in the reservation, from 1.</summary>
    public int LineNo { get; set; }

    public required string Sku { get; set; }

    public required string LocationId { get; set; }

    public long Quantity { get; set; }

    public long Consumed { get; set; }

    public long Released { get; set; }

    /// <summary>Promised beyond stock (available went below zero).</summary>
    public bool Backordered { get; set; }

    /// <summary>Units still held.</summary>
    public long Open => Quantity - Consumed - Released;
}

/// <summary>The values of <see cref="Reservation.State"/>.</summary>
public static class ReservationStates
{
    public const string Pending = "pending";
    public const string Committed = "committed";
    public const string Consumed = "consumed";
    public const string Released = "released";
    public const string Expired = "expired";
    public const string Rejected = "rejected";

    /// <summary>States whose lines still hold stock.</summary>
    public static bool IsOpen(string state) => state is Pending or Committed;
}
