using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Ledger.Data.Exports;

internal sealed class ExportBatchConfiguration : IEntityTypeConfiguration<ExportBatch>
{
    public void Configure(EntityTypeBuilder<ExportBatch> batch)
    {
        batch.ToTable("export_batches");
        batch.HasKey(b => b.BatchId);
        batch.Property(b => b.BatchId).HasMaxLength(64);
        batch.Property(b => b.Format).HasMaxLength(40);
        batch.Property(b => b.Currency).HasMaxLength(3);
        batch.Property(b => b.RequestedBy).HasMaxLength(200);
        batch.Property(b => b.ContentType).HasMaxLength(100);
        batch.Property(b => b.BodySha256).HasMaxLength(64);
        // Batches are listed newest first.
        batch.HasIndex(b => new { b.CreatedAt, b.BatchId });
    }
}

internal sealed class ExportedEntryConfiguration : IEntityTypeConfiguration<ExportedEntry>
{
    public void Configure(EntityTypeBuilder<ExportedEntry> entry)
    {
        entry.ToTable("exported_entries");
        entry.HasKey(e => new { e.Format, e.EntryId });
        entry.Property(e => e.Format).HasMaxLength(40);
        entry.Property(e => e.EntryId).HasMaxLength(32);
        entry.Property(e => e.BatchId).HasMaxLength(64);
        entry.HasIndex(e => new { e.BatchId, e.Ordinal });
    }
}
