using Integration.Ledger.Data;
using Integration.Ledger.Data.Demand;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Demand;

/// <summary>
/// Stages demand facts in the caller's <see cref="LedgerDbContext"/>; the caller's SaveChanges
/// commits them with the rest of its event handling (so an event counts once, through the inbox).
/// Never saves by itself.
/// </summary>
public sealed class DemandRecorder(LedgerDbContext db)
{
    // Rows staged in this scope, so the lines of one order for the same SKU become one row.
    private readonly Dictionary<(string Sku, string LocationId, DateOnly Day, string Kind, string? Reference), DemandMovement> _staged = [];

    /// <summary>The location of demand not tied to one (refused across all locations, or ordered before allocation).</summary>
    public const string AnyLocation = "*";

    public void Ordered(string sku, string locationId, DateOnly day, long units) =>
        Stage(sku, locationId, day, DemandMovement.OrderedKind, units);

    public void Cancelled(string sku, string locationId, DateOnly day, long units) =>
        Stage(sku, locationId, day, DemandMovement.CancelledKind, units);

    public void Returned(string sku, string locationId, DateOnly day, long units) =>
        Stage(sku, locationId, day, DemandMovement.ReturnedKind, units);

    /// <summary>Units requested but refused for lack of stock; <paramref name="reference"/> is the order it was for.</summary>
    public void Lost(string sku, string locationId, DateOnly day, long units, string? reference = null) =>
        Stage(sku, locationId, day, DemandMovement.LostKind, units, reference);

    private void Stage(string sku, string locationId, DateOnly day, string kind, long units, string? reference = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        if (units == 0)
        {
            return;
        }

        var key = (Require.NormaliseSku(sku), locationId.Trim(), day, kind, reference);
        ArgumentException.ThrowIfNullOrEmpty(key.Item1, nameof(sku));
        ArgumentException.ThrowIfNullOrEmpty(key.Item2, nameof(locationId));

        // A caller that cleared its change tracker (a failed save) dropped the staged row too.
        if (_staged.TryGetValue(key, out var row) && db.Entry(row).State == EntityState.Added)
        {
            row.Units = checked(row.Units + units);
            return;
        }

        row = new DemandMovement { Sku = key.Item1, LocationId = key.Item2, Day = day, Kind = kind, Units = units, Reference = reference };
        db.Set<DemandMovement>().Add(row);
        _staged[key] = row;
    }
}
