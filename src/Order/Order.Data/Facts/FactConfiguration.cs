using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Order.Data.Facts;

internal sealed class OrderFactConfiguration : IEntityTypeConfiguration<OrderFact>
{
    public void Configure(EntityTypeBuilder<OrderFact> fact)
    {
        fact.ToTable("order_facts");
        fact.HasKey(f => f.Id);
        fact.Property(f => f.OrderId).HasMaxLength(32);
        fact.Property(f => f.Channel).HasMaxLength(64);
        fact.Property(f => f.ExternalOrderId).HasMaxLength(64);
        fact.Property(f => f.Kind).HasConversion<string>().HasMaxLength(32);
        fact.Property(f => f.ExternalId).HasMaxLength(64);
        fact.Property(f => f.State).HasConversion<string>().HasMaxLength(16);
        fact.Property(f => f.Reason).HasMaxLength(1000);
        // The same fact delivered twice (or raced) is one row: the second insert fails here.
        fact.HasIndex(f => new { f.Channel, f.ExternalOrderId, f.Kind, f.ExternalId }).IsUnique();
        fact.HasIndex(f => f.OrderId);
    }
}

internal sealed class OrderDeliveryConfiguration : IEntityTypeConfiguration<OrderDelivery>
{
    public void Configure(EntityTypeBuilder<OrderDelivery> delivery)
    {
        delivery.ToTable("order_deliveries");
        delivery.HasKey(d => new { d.Channel, d.DeliveryId });
        delivery.Property(d => d.Channel).HasMaxLength(64);
        delivery.Property(d => d.DeliveryId).HasMaxLength(128);
        delivery.Property(d => d.OrderId).HasMaxLength(32);
    }
}

internal sealed class HeldEventConfiguration : IEntityTypeConfiguration<HeldEvent>
{
    public void Configure(EntityTypeBuilder<HeldEvent> held)
    {
        held.ToTable("order_held_events");
        held.HasKey(h => h.Id);
        held.Property(h => h.OrderId).HasMaxLength(32);
        held.Property(h => h.Type).HasMaxLength(200);
        held.HasIndex(h => h.OrderId);
    }
}
