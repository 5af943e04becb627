using Integration.Inventory.Data;
using Integration.Inventory.Data.Locations;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Locations;

/// <summary>Creates a location or replaces its fields; UpdatedAt moves only on a real change.</summary>
internal sealed class LocationWriter(InventoryDbContext db, TimeProvider clock)
{
    public async Task<(Location Location, bool Created)> UpsertAsync(LocationInput input, CancellationToken ct)
    {
        try
        {
            return await WriteAsync(input, ct);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<Location>().Any(e => e.State == EntityState.Added))
        {
            // A concurrent call created the same location first (primary key); this call becomes an update of it.
            db.ChangeTracker.Clear();
            return await WriteAsync(input, ct);
        }
    }

    private async Task<(Location Location, bool Created)> WriteAsync(LocationInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var location = await db.Locations.SingleOrDefaultAsync(l => l.Id == input.Id, ct);
        if (location is null)
        {
            location = new Location
            {
                Id = input.Id, Name = input.Name, Priority = input.Priority, ShipsOnline = input.ShipsOnline,
                CreatedAt = now, UpdatedAt = now,
            };
            db.Locations.Add(location);
            await db.SaveChangesAsync(ct);
            return (location, true);
        }

        if (location.Name == input.Name && location.Priority == input.Priority && location.ShipsOnline == input.ShipsOnline)
        {
            return (location, false);
        }

        location.Name = input.Name;
        location.Priority = input.Priority;
        location.ShipsOnline = input.ShipsOnline;
        location.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return (location, false);
    }
}
