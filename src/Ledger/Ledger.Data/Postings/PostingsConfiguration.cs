using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Ledger.Data.Postings;

internal sealed class LedgerOrderConfiguration : IEntityTypeConfiguration<LedgerOrder>
{
    public void Configure(EntityTypeBuilder<LedgerOrder> order)
    {
        order.ToTable("ledger_orders");
        order.HasKey(o => o.OrderId);
        order.Property(o => o.OrderId).HasMaxLength(64);
        order.Property(o => o.Channel).HasMaxLength(64);
        order.Property(o => o.Currency).HasMaxLength(3);
        order.Property(o => o.Version).IsConcurrencyToken();
    }
}

internal sealed class SkuCostConfiguration : IEntityTypeConfiguration<SkuCost>
{
    public void Configure(EntityTypeBuilder<SkuCost> cost)
    {
        cost.ToTable("sku_costs");
        cost.HasKey(c => c.Sku);
        cost.Property(c => c.Sku).HasMaxLength(64);
        cost.Property(c => c.UnitCost).HasPrecision(19, 4);
        cost.Property(c => c.CostCurrency).HasMaxLength(3);
        cost.Property(c => c.GlCategory).HasMaxLength(64);
    }
}

internal sealed class HeldPostingConfiguration : IEntityTypeConfiguration<HeldPosting>
{
    public void Configure(EntityTypeBuilder<HeldPosting> held)
    {
        held.ToTable("held_postings");
        held.HasKey(h => h.EventId);
        held.Property(h => h.EventId).HasMaxLength(64);
        held.Property(h => h.EventType).HasMaxLength(128);
        held.Property(h => h.OrderId).HasMaxLength(64);
        held.Property(h => h.Reason).HasMaxLength(1000);
        held.HasIndex(h => new { h.OrderId, h.ReleasedAt });
    }
}

internal sealed class PostingRecordConfiguration : IEntityTypeConfiguration<PostingRecord>
{
    public void Configure(EntityTypeBuilder<PostingRecord> record)
    {
        record.ToTable("posting_records");
        record.HasKey(r => r.EntryId);
        record.Property(r => r.EntryId).HasMaxLength(32);
        record.Property(r => r.OrderId).HasMaxLength(64);
        record.Property(r => r.EventId).HasMaxLength(64);
        record.Property(r => r.Kind).HasMaxLength(32);
        record.HasIndex(r => r.OrderId);
    }
}
