using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Inventory.Data.Orders;

/// <summary>
/// What a placed order asks of stock, kept from its order-placed event: the paid event carries neither
/// the channel nor the lines, yet a channel that reserves at payment needs both then.
/// </summary>
public sealed class OrderDemand
{
    public required string OrderId { get; set; }

    public string Channel { get; set; } = string.Empty;

    /// <summary>The lines as JSON: SKU and quantity per line.</summary>
    public required string Lines { get; set; }

    public DateTime PlacedAt { get; set; }
}

internal sealed class OrderDemandConfiguration : IEntityTypeConfiguration<OrderDemand>
{
    public void Configure(EntityTypeBuilder<OrderDemand> demand)
    {
        demand.ToTable("order_demands");
        demand.HasKey(d => d.OrderId);
        demand.Property(d => d.OrderId).HasMaxLength(64);
        demand.Property(d => d.Channel).HasMaxLength(64);
    }
}
