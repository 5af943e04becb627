using Integration.Catalog.Data.Audit;
using Integration.Catalog.Data.Ownership;
using Integration.Catalog.Data.Products;
using Integration.Messaging.Storage;
using Microsoft.EntityFrameworkCore;

namespace Integration.Catalog.Data;

/// <summary>The Catalog service's own database. No other service reads these tables.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Variant> Variants => Set<Variant>();

    public DbSet<ExternalId> ExternalIds => Set<ExternalId>();

    public DbSet<OwnershipConflict> Conflicts => Set<OwnershipConflict>();

    public DbSet<ProductChangeRecord> Changes => Set<ProductChangeRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogDbContext).Assembly);
        // Outbox, inbox and dead letters live beside the data so they share its transactions.
        modelBuilder.AddMessagingTables();
    }
}
