using Integration.Messaging.Storage;
using Integration.Order.Data.Exceptions;
using Integration.Order.Data.Facts;
using Integration.Order.Data.Idempotency;
using Integration.Order.Data.Orders;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Data;

/// <summary>The Order service's own database. No other service reads these tables.</summary>
public sealed class OrderDbContext(DbContextOptions<OrderDbContext> options) : DbContext(options)
{
    public DbSet<Orders.Order> Orders => Set<Orders.Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<ShippingLine> ShippingLines => Set<ShippingLine>();

    public DbSet<OrderFact> Facts => Set<OrderFact>();

    public DbSet<OrderDelivery> Deliveries => Set<OrderDelivery>();

    public DbSet<HeldEvent> HeldEvents => Set<HeldEvent>();

    public DbSet<OrderException> Exceptions => Set<OrderException>();

    public DbSet<ExceptionAction> ExceptionActions => Set<ExceptionAction>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderDbContext).Assembly);
        // Outbox, inbox and dead letters live beside the data so they share its transactions.
        modelBuilder.AddMessagingTables();
    }
}
