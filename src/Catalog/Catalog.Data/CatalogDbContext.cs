using Integration.Messaging.Storage;
using Integration.Catalog.Data.Products;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Data;

/// <summary>The Catalog service's own database. No other service reads these tables.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Variant> Variants => Set<Variant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogDbContext).Assembly);
        // Outbox, inbox and dead letters live beside the data so they share its transactions.
        modelBuilder.AddMessagingTables();
    }
}
