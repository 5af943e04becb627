using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Catalog.Data.Audit;

internal sealed class ProductChangeRecordConfiguration : IEntityTypeConfiguration<ProductChangeRecord>
{
    public void Configure(EntityTypeBuilder<ProductChangeRecord> change)
    {
        change.ToTable("product_changes");
        change.HasKey(c => c.Id);
        change.Property(c => c.ProductId).HasMaxLength(64);
        change.Property(c => c.ChangedBy).HasMaxLength(128);
        change.HasIndex(c => new { c.ProductId, c.Version }).IsUnique();
    }
}
