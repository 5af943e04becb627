using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Connectors.Data.Deliveries;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.Channel).HasMaxLength(100);
        builder.Property(d => d.Kind).HasMaxLength(20);
        builder.Property(d => d.Topic).HasMaxLength(200);
        builder.Property(d => d.DeliveryKey).HasMaxLength(200);
        builder.Property(d => d.ResourceId).HasMaxLength(200);
        builder.Property(d => d.LastError).HasMaxLength(4000);
        // A storefront retries the same event: the second copy is recognised, not stored again.
        builder.HasIndex(d => new { d.Channel, d.DeliveryKey }).IsUnique();
        // The processor's queue: oldest unprocessed first.
        builder.HasIndex(d => new { d.Status, d.Id });
    }
}
