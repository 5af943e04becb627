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
        product.Property(p => p.SeoTitle).HasMaxLength(500);
        product.Property(p => p.SeoDescription).HasMaxLength(2000);
        product.Property(p => p.Handle).HasMaxLength(255);
        product.Property(p => p.Visibility).HasMaxLength(16);
        product.Property(p => p.LastChangedBy).HasMaxLength(128);
        product.Property(p => p.Version).IsConcurrencyToken();
        product.HasMany(p => p.Variants).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        product.HasMany(p => p.ExternalIds).WithOne().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
        product.HasIndex(p => p.UpdatedAt);
    }
}

internal sealed class VariantConfiguration : IEntityTypeConfiguration<Variant>
{
    public void Configure(EntityTypeBuilder<Variant> variant)
    {
        variant.ToTable("variants");
        // The SKU is the key: unique, never reused, and known before insert (no generated id to read back).
        variant.HasKey(v => v.Sku);
        variant.Property(v => v.ProductId).HasMaxLength(64);
        variant.Property(v => v.Sku).HasMaxLength(64);
        variant.HasIndex(v => v.ProductId);
        variant.Property(v => v.Barcode).HasMaxLength(14);
        variant.Property(v => v.Title).HasMaxLength(500);
        variant.Property(v => v.UnitCost).HasPrecision(19, 4);
        variant.Property(v => v.CostCurrency).HasMaxLength(3);
        variant.Property(v => v.TaxClass).HasMaxLength(64);
        variant.Property(v => v.GlCategory).HasMaxLength(64);
        variant.OwnsMany(v => v.ListPrices, price =>
        {
            price.ToTable("variant_prices");
            price.WithOwner().HasForeignKey("Sku");
            price.HasKey("Sku", nameof(VariantPrice.Currency));
            price.Property(p => p.Currency).HasMaxLength(3);
            price.Property(p => p.Amount).HasPrecision(19, 4);
        });
    }
}

internal sealed class ExternalIdConfiguration : IEntityTypeConfiguration<ExternalId>
{
    public void Configure(EntityTypeBuilder<ExternalId> external)
    {
        external.ToTable("external_ids");
        // One of our entities per channel id: a connector's lookup finds exactly one.
        external.HasKey(e => new { e.Channel, e.Kind, e.Value });
        external.Property(e => e.ProductId).HasMaxLength(64);
        external.Property(e => e.Sku).HasMaxLength(64);
        external.Property(e => e.Channel).HasMaxLength(64);
        external.Property(e => e.Kind).HasMaxLength(32);
        external.Property(e => e.Value).HasMaxLength(128);
        external.HasIndex(e => e.ProductId);
    }
}
