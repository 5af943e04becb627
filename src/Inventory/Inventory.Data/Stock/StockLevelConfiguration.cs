using Integration.Inventory.Data.Locations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Inventory.Data.Stock;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> level)
    {
        // Quoted column names read the same on SQLite, SQL Server (QUOTED_IDENTIFIER) and PostgreSQL.
        level.ToTable("stock_levels", t =>
        {
            t.HasCheckConstraint("CK_stock_levels_on_hand", "\"OnHand\" >= 0");
            t.HasCheckConstraint("CK_stock_levels_reserved", "\"Reserved\" >= 0");
            t.HasCheckConstraint("CK_stock_levels_safety_stock", "\"SafetyStock\" >= 0");
            t.HasCheckConstraint("CK_stock_levels_backorder_limit", "\"BackorderLimit\" >= 0");
        });
        level.HasKey(l => new { l.Sku, l.LocationId });
        level.Property(l => l.Sku).HasMaxLength(64);
        level.Property(l => l.LocationId).HasMaxLength(64);
        level.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId).OnDelete(DeleteBehavior.Restrict);
    }
}
