using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Order.Data.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Id).HasMaxLength(32);
        order.Property(o => o.Channel).HasMaxLength(64);
        order.Property(o => o.ExternalOrderId).HasMaxLength(64);
        // The idempotency key: a second insert of the same channel order fails here, even under a race.
        order.HasIndex(o => new { o.Channel, o.ExternalOrderId }).IsUnique();
        order.Property(o => o.OrderNumber).HasMaxLength(64);
        order.Property(o => o.Currency).HasMaxLength(3);
        order.Property(o => o.CustomerReference).HasMaxLength(320);
        order.Property(o => o.Subtotal).HasPrecision(19, 4);
        order.Property(o => o.TotalDiscounts).HasPrecision(19, 4);
        order.Property(o => o.TotalShipping).HasPrecision(19, 4);
        order.Property(o => o.TotalTax).HasPrecision(19, 4);
        order.Property(o => o.Total).HasPrecision(19, 4);
        order.Property(o => o.FinancialStatus).HasConversion<string>().HasMaxLength(32);
        order.Property(o => o.FulfillmentStatus).HasConversion<string>().HasMaxLength(32);
        order.Property(o => o.Version).IsConcurrencyToken();
        order.HasIndex(o => o.PlacedAt);
        order.Property(o => o.PresentmentCurrency).HasMaxLength(3);
        order.Property(o => o.AuthorizedAmount).HasPrecision(19, 4);
        order.Property(o => o.CapturedAmount).HasPrecision(19, 4);
        order.Property(o => o.RefundedAmount).HasPrecision(19, 4);
        order.Property(o => o.CancelReason).HasMaxLength(255);
        order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        order.HasMany(o => o.ShippingLines).WithOne().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> line)
    {
        line.ToTable("order_lines");
        line.HasKey(l => l.Id);
        line.Property(l => l.OrderId).HasMaxLength(32);
        line.Property(l => l.ExternalLineId).HasMaxLength(64);
        line.HasIndex(l => new { l.OrderId, l.ExternalLineId }).IsUnique();
        line.Property(l => l.Sku).HasMaxLength(64);
        line.HasIndex(l => l.Sku);
        line.Property(l => l.Title).HasMaxLength(500);
        line.Property(l => l.UnitPrice).HasPrecision(19, 4);
        line.Property(l => l.TotalDiscount).HasPrecision(19, 4);
        line.Property(l => l.DiscountAllocations).HasMaxLength(4000);
        line.OwnsMany(l => l.TaxLines, tax => TaxLineMapping.Configure(tax, "order_line_taxes", "OrderLineId"));
    }
}

internal sealed class ShippingLineConfiguration : IEntityTypeConfiguration<ShippingLine>
{
    public void Configure(EntityTypeBuilder<ShippingLine> shipping)
    {
        shipping.ToTable("shipping_lines");
        shipping.HasKey(s => s.Id);
        shipping.Property(s => s.OrderId).HasMaxLength(32);
        shipping.Property(s => s.Title).HasMaxLength(255);
        shipping.Property(s => s.Price).HasPrecision(19, 4);
        shipping.Property(s => s.Discount).HasPrecision(19, 4);
        shipping.OwnsMany(s => s.TaxLines, tax => TaxLineMapping.Configure(tax, "shipping_line_taxes", "ShippingLineId"));
    }
}

/// <summary>Tax lines of order lines and of shipping lines share one shape, each in its own table.</summary>
internal static class TaxLineMapping
{
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, TaxLine> tax, string table, string ownerKey)
        where TOwner : class
    {
        tax.ToTable(table);
        tax.WithOwner().HasForeignKey(ownerKey);
        tax.HasKey(ownerKey, nameof(TaxLine.Position));
        tax.Property(t => t.Position).ValueGeneratedNever();
        tax.Property(t => t.Title).HasMaxLength(255);
        tax.Property(t => t.Rate).HasPrecision(9, 6);
        tax.Property(t => t.Amount).HasPrecision(19, 4);
    }
}
