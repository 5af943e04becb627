using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Order.Data.Exceptions;

internal sealed class OrderExceptionConfiguration : IEntityTypeConfiguration<OrderException>
{
    public void Configure(EntityTypeBuilder<OrderException> exception)
    {
        exception.ToTable("order_exceptions");
        exception.HasKey(e => e.Id);
        exception.Property(e => e.Id).HasMaxLength(32);
        exception.Property(e => e.OrderId).HasMaxLength(32);
        exception.Property(e => e.Channel).HasMaxLength(64);
        exception.Property(e => e.ExternalOrderId).HasMaxLength(64);
        exception.Property(e => e.Type).HasConversion<string>().HasMaxLength(32);
        exception.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        exception.Property(e => e.Message).HasMaxLength(1000);
        exception.HasIndex(e => new { e.State, e.OpenedAt });
        exception.HasIndex(e => e.OrderId);
        exception.HasOne(e => e.Fact).WithMany().HasForeignKey(e => e.FactId).OnDelete(DeleteBehavior.Restrict);
        exception.HasMany(e => e.Actions).WithOne().HasForeignKey(a => a.ExceptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExceptionActionConfiguration : IEntityTypeConfiguration<ExceptionAction>
{
    public void Configure(EntityTypeBuilder<ExceptionAction> action)
    {
        action.ToTable("order_exception_actions");
        action.HasKey(a => a.Id);
        action.Property(a => a.ExceptionId).HasMaxLength(32);
        action.Property(a => a.Action).HasMaxLength(32);
        action.Property(a => a.Actor).HasMaxLength(200);
        action.Property(a => a.Reason).HasMaxLength(1000);
        action.Property(a => a.FromState).HasConversion<string>().HasMaxLength(16);
        action.Property(a => a.ToState).HasConversion<string>().HasMaxLength(16);
    }
}
