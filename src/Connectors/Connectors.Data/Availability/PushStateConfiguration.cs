using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Connectors.Data.Availability;

internal sealed class PushStateConfiguration : IEntityTypeConfiguration<PushState>
{
    public void Configure(EntityTypeBuilder<PushState> builder)
    {
        builder.ToTable("push_states");
        builder.HasKey(p => new { p.Channel, p.Sku, p.LocationId });
        builder.Property(p => p.Channel).HasMaxLength(100);
        builder.Property(p => p.Sku).HasMaxLength(100);
        builder.Property(p => p.LocationId).HasMaxLength(100);
        builder.Property(p => p.LastAnswer).HasMaxLength(4000);
    }
}
