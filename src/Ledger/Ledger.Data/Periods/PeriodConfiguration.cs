using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Ledger.Data.Periods;

internal sealed class AccountingPeriodConfiguration : IEntityTypeConfiguration<AccountingPeriod>
{
    public void Configure(EntityTypeBuilder<AccountingPeriod> period)
    {
        period.ToTable("accounting_periods");
        period.HasKey(p => p.Period);
        period.Property(p => p.Period).HasMaxLength(7);
        period.Property(p => p.ChangedBy).HasMaxLength(200);
        period.Property(p => p.Reason).HasMaxLength(500);
        period.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class PeriodAuditEntryConfiguration : IEntityTypeConfiguration<PeriodAuditEntry>
{
    public void Configure(EntityTypeBuilder<PeriodAuditEntry> entry)
    {
        entry.ToTable("period_audit");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Period).HasMaxLength(7);
        entry.Property(e => e.Action).HasMaxLength(10);
        entry.Property(e => e.Actor).HasMaxLength(200);
        entry.Property(e => e.Reason).HasMaxLength(500);
        entry.HasIndex(e => new { e.Period, e.Id });
    }
}
