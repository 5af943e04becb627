using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Inventory.Data.Locations;

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> location)
    {
        location.ToTable("locations", t => t.HasCheckConstraint("CK_locations_priority", "\"Priority\" >= 0"));
        location.HasKey(l => l.Id);
        location.Property(l => l.Id).HasMaxLength(64);
        location.Property(l => l.Name).HasMaxLength(200);
    }
}
