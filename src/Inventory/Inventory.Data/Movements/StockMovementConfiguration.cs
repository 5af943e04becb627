using Integration.Inventory.Data.Locations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Inventory.Data.Movements;

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> movement)
    {
        movement.ToTable("stock_movements");
        movement.HasKey(m => m.MovementId);
        movement.Property(m => m.MovementId).HasMaxLength(200);
        movement.Property(m => m.Kind).HasMaxLength(32);
        movement.Property(m => m.Sku).HasMaxLength(64);
        movement.Property(m => m.LocationId).HasMaxLength(64);
        movement.Property(m => m.Reference).HasMaxLength(200);
        movement.Property(m => m.RequestHash).HasMaxLength(64);
        movement.Property(m => m.Reason).HasMaxLength(200);
        movement.Property(m => m.ReservationId).HasMaxLength(80);
        movement.HasOne<Location>().WithMany().HasForeignKey(m => m.LocationId).OnDelete(DeleteBehavior.Restrict);
        // The history of one SKU at one location, in booking order.
        movement.HasIndex(m => new { m.Sku, m.LocationId, m.CreatedAt });
    }
}
