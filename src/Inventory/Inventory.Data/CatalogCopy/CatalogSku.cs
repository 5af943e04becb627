using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Inventory.Data.CatalogCopy;

/// <summary>Inventory's read-only copy of what the Catalog (the owner) says about a SKU.</summary>
public sealed class CatalogSku
{
    public required string Sku { get; set; }

    public required string ProductId { get; set; }

    public bool Active { get; set; }

    /// <summary>Standard unit cost (values counts and shrinkage).</summary>
    public decimal UnitCost { get; set; }

    public string CostCurrency { get; set; } = string.Empty;

    /// <summary>The product version this copy reflects; older events never overwrite newer ones.</summary>
    public long CatalogVersion { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class CatalogSkuConfiguration : IEntityTypeConfiguration<CatalogSku>
{
    public void Configure(EntityTypeBuilder<CatalogSku> sku)
    {
        sku.ToTable("catalog_skus");
        sku.HasKey(s => s.Sku);
        sku.Property(s => s.Sku).HasMaxLength(64);
        sku.Property(s => s.ProductId).HasMaxLength(64);
        sku.Property(s => s.UnitCost).HasPrecision(19, 4);
        sku.Property(s => s.CostCurrency).HasMaxLength(3);
        sku.HasIndex(s => s.ProductId);
    }
}
