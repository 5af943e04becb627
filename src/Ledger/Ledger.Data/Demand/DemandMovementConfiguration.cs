using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Ledger.Data.Demand;

internal sealed class DemandMovementConfiguration : IEntityTypeConfiguration<DemandMovement>
{
    public void Configure(EntityTypeBuilder<DemandMovement> movement)
    {
        movement.ToTable("demand_movements", table =>
            table.HasCheckConstraint("ck_demand_movements_units", "\"Units\" > 0"));
        movement.HasKey(m => m.Id);
        movement.Property(m => m.Sku).HasMaxLength(64);
        movement.Property(m => m.LocationId).HasMaxLength(64);
        movement.Property(m => m.Kind).HasMaxLength(10);
        movement.Property(m => m.Reference).HasMaxLength(200);
        // Reads filter by SKU and day range, or by day range alone.
        movement.HasIndex(m => new { m.Sku, m.Day });
        movement.HasIndex(m => m.Day);
        movement.HasIndex(m => new { m.Reference, m.Sku });
    }
}
