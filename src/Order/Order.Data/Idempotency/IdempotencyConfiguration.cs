using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Order.Data.Idempotency;

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("idempotency_keys");
        // The key alone: a key reused on another RPC is another body, refused.
        record.HasKey(r => r.Key);
        record.Property(r => r.Key).HasMaxLength(200);
        record.Property(r => r.Method).HasMaxLength(100);
        record.Property(r => r.RequestHash).HasMaxLength(64);
    }
}
