using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Ledger.Data.Journal;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> entry)
    {
        entry.ToTable("journal_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).HasMaxLength(32);
        entry.Property(e => e.SourceKey).HasMaxLength(200);
        entry.HasIndex(e => e.SourceKey).IsUnique();
        entry.Property(e => e.Period).HasMaxLength(7);
        entry.Property(e => e.Description).HasMaxLength(500);
        entry.Property(e => e.RequestHash).HasMaxLength(64);
        entry.HasMany(e => e.Lines).WithOne().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);

        // Trial balances filter by date; period close and exports select by period.
        entry.HasIndex(e => e.PostingDate);
        entry.HasIndex(e => e.Period);
    }
}

internal sealed class JournalLineConfiguration : IEntityTypeConfiguration<JournalLine>
{
    public void Configure(EntityTypeBuilder<JournalLine> line)
    {
        line.ToTable("journal_lines", table =>
        {
            // The last line of defence if a code path ever bypassed validation: a line is a positive debit or credit.
            table.HasCheckConstraint("ck_journal_lines_side", "\"Side\" IN ('D', 'C')");
            table.HasCheckConstraint("ck_journal_lines_amount", "\"AmountMinor\" > 0");
        });
        line.HasKey(l => new { l.EntryId, l.LineNo });
        line.Property(l => l.EntryId).HasMaxLength(32);
        line.Property(l => l.AccountNumber).HasMaxLength(20);
        line.Property(l => l.Side).HasMaxLength(1).IsFixedLength();
        line.Property(l => l.Currency).HasMaxLength(3).IsFixedLength();
        line.Property(l => l.Memo).HasMaxLength(500);
        line.HasIndex(l => new { l.AccountNumber, l.Currency });
    }
}
