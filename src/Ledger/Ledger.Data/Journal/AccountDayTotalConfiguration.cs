using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Integration.Ledger.Data.Journal;

internal sealed class AccountDayTotalConfiguration : IEntityTypeConfiguration<AccountDayTotal>
{
    public void Configure(EntityTypeBuilder<AccountDayTotal> total)
    {
        total.ToTable(AccountDayTotals.Table);
        // Date first: reports select a date range.
        total.HasKey(t => new { t.PostingDate, t.AccountNumber, t.Currency });
        total.Property(t => t.AccountNumber).HasMaxLength(20);
        total.Property(t => t.Currency).HasMaxLength(3).IsFixedLength();
    }
}
