using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Catalog.Data.Ownership;

internal sealed class OwnershipConflictConfiguration : IEntityTypeConfiguration<OwnershipConflict>
{
    public void Configure(EntityTypeBuilder<OwnershipConflict> conflict)
    {
        conflict.ToTable("ownership_conflicts");
        conflict.HasKey(c => c.Id);
        conflict.Property(c => c.ProductId).HasMaxLength(64);
        conflict.Property(c => c.Field).HasMaxLength(200);
        conflict.Property(c => c.Owner).HasMaxLength(64);
        conflict.Property(c => c.Writer).HasMaxLength(64);
        conflict.Property(c => c.StoredValue).HasMaxLength(65536);
        conflict.Property(c => c.AttemptedValue).HasMaxLength(65536);
        conflict.Property(c => c.State).HasMaxLength(16);
        conflict.Property(c => c.ResolvedBy).HasMaxLength(128);
        conflict.Property(c => c.ResolutionReason).HasMaxLength(1000);
        conflict.HasIndex(c => new { c.State, c.Id });
        conflict.HasIndex(c => new { c.ProductId, c.Field });
    }
}
