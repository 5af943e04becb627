using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Catalog.Data.Products;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> product)
    {
        product.ToTable("products");
        product.HasKey(p => p.Id);
        product.Property(p => p.Id).HasMaxLength(64);
        product.Property(p => p.Title).HasMaxLength(500);
        product.Property(p => p.Description).HasMaxLength(65536);
        product.Property(p => p.LastChangedBy).HasMaxLength(64);
        product.Property(p => p.Version).IsConcurrencyToken();
        product.HasMany(p => p.Variants).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        product.HasIndex(p => p.UpdatedAt);
    }
}

internal sealed class VariantConfiguration : IEntityTypeConfiguration<Variant>
{
    public void Configure(EntityTypeBuilder<Variant> variant)
    {
        variant.ToTable("variants");
        variant.HasKey(v => v.Id);
        variant.Property(v => v.ProductId).HasMaxLength(64);
        variant.Property(v => v.Sku).HasMaxLength(64);
        variant.HasIndex(v => v.Sku).IsUnique();
        variant.Property(v => v.Barcode).HasMaxLength(14);
        variant.Property(v => v.Title).HasMaxLength(500);
        variant.Property(v => v.UnitCost).HasPrecision(19, 4);
        variant.Property(v => v.CostCurrency).HasMaxLength(3);
        variant.Property(v => v.TaxClass).HasMaxLength(64);
        variant.Property(v => v.GlCategory).HasMaxLength(64);
        variant.OwnsMany(v => v.ListPrices, price =>
        {
            price.ToTable("variant_prices");
            price.WithOwner().HasForeignKey("VariantId");
            price.HasKey("VariantId", nameof(VariantPrice.Currency));
            price.Property(p => p.Currency).HasMaxLength(3);
            price.Property(p => p.Amount).HasPrecision(19, 4);
        });
    }
}
