using Integration.Inventory.Data;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Locations;

/// <summary>A location's allocation facts.</summary>
internal sealed record LocationInfo(string Id, int Priority, bool ShipsOnline);

/// <summary>
/// Locations, cached for the reservation path (read on every decision, changed rarely). Refreshed after
/// <see cref="MaxAge"/>, at once after an upsert in this replica, and on a miss; another replica's change
/// is seen within <see cref="MaxAge"/>. Allocation only ranks candidates with it; the stock guard is in the database.
/// </summary>
internal sealed class LocationDirectory(TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyDictionary<string, LocationInfo> Locations, DateTimeOffset ReadAt);

    public void Invalidate() => _snapshot = null;

    public async Task<IReadOnlyDictionary<string, LocationInfo>> GetAsync(InventoryDbContext db, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.ReadAt < MaxAge)
        {
            return snapshot.Locations;
        }

        return await RefreshAsync(db, ct);
    }

    /// <summary>The location, refreshing once when it is not (yet) known here.</summary>
    public async Task<LocationInfo?> FindAsync(InventoryDbContext db, string id, CancellationToken ct) =>
        (await GetAsync(db, ct)).GetValueOrDefault(id) ?? (await RefreshAsync(db, ct)).GetValueOrDefault(id);

    private async Task<IReadOnlyDictionary<string, LocationInfo>> RefreshAsync(InventoryDbContext db, CancellationToken ct)
    {
        var locations = await db.Locations.AsNoTracking()
            .Select(l => new LocationInfo(l.Id, l.Priority, l.ShipsOnline))
            .ToDictionaryAsync(l => l.Id, StringComparer.Ordinal, ct);
        _snapshot = new Snapshot(locations, clock.GetUtcNow());
        return locations;
    }
}
