using Integration.Inventory.Data.Locations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Inventory.Data.Reservations;

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> reservation)
    {
        reservation.ToTable("reservations");
        reservation.HasKey(r => r.Id);
        reservation.Property(r => r.Id).HasMaxLength(80);
        reservation.Property(r => r.OrderId).HasMaxLength(64);
        reservation.Property(r => r.Channel).HasMaxLength(64);
        reservation.Property(r => r.State).HasMaxLength(16);
        reservation.Property(r => r.Allocation).HasMaxLength(32);
        reservation.Property(r => r.RequestHash).HasMaxLength(64);
        reservation.Property(r => r.RowVersion).IsConcurrencyToken();
        reservation.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReservationId).OnDelete(DeleteBehavior.Cascade);
        reservation.HasIndex(r => r.OrderId);
        // The expiry sweep: pending reservations by expiry.
        reservation.HasIndex(r => new { r.State, r.ExpiresAt });
        reservation.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class ReservationLineConfiguration : IEntityTypeConfiguration<ReservationLine>
{
    public void Configure(EntityTypeBuilder<ReservationLine> line)
    {
        line.ToTable("reservation_lines", t =>
        {
            t.HasCheckConstraint("CK_reservation_lines_quantity", "\"Quantity\" > 0");
            t.HasCheckConstraint("CK_reservation_lines_open", "\"Consumed\" >= 0 AND \"Released\" >= 0 AND \"Consumed\" + \"Released\" <= \"Quantity\"");
        });
        line.HasKey(l => new { l.ReservationId, l.LineNo });
        line.Property(l => l.ReservationId).HasMaxLength(80);
        line.Property(l => l.Sku).HasMaxLength(64);
        line.Property(l => l.LocationId).HasMaxLength(64);
        line.Ignore(l => l.Open);
        line.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId).OnDelete(DeleteBehavior.Restrict);
        // The invariant check sums open lines per SKU and location.
        line.HasIndex(l => new { l.Sku, l.LocationId });
    }
}
