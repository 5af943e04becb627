using Integration.Messaging.Storage;
using Integration.Inventory.Data.CatalogCopy;
using Integration.Inventory.Data.Locations;
using Integration.Inventory.Data.Movements;
using Integration.Inventory.Data.Orders;
using Integration.Inventory.Data.Reservations;
using Integration.Inventory.Data.Stock;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Data;

/// <summary>The Inventory service's own database. No other service reads these tables.</summary>
public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options)
{
    public DbSet<Location> Locations => Set<Location>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    public DbSet<CatalogSku> CatalogSkus => Set<CatalogSku>();

    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<ReservationLine> ReservationLines => Set<ReservationLine>();

    public DbSet<OrderDemand> OrderDemands => Set<OrderDemand>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InventoryDbContext).Assembly);
        // Outbox, inbox and dead letters live beside the data so they share its transactions.
        modelBuilder.AddMessagingTables();
    }
}
