using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Catalog.Data.Audit;

internal sealed class ProductChangeRecordConfiguration : IEntityTypeConfiguration<ProductChangeRecord>
{
    public void Configure(EntityTypeBuilder<ProductChangeRecord> change)
    {
        change.ToTable("product_changes");
        // The version is unique per product: no generated id to read back on insert (bulk imports insert thousands).
        change.HasKey(c => new { c.ProductId, c.Version });
        change.Property(c => c.ProductId).HasMaxLength(64);
        change.Property(c => c.ChangedBy).HasMaxLength(128);
    }
}
