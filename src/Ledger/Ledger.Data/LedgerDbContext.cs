using Integration.Messaging.Storage;
using Integration.Ledger.Data.Journal;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Data;

/// <summary>The Ledger service's own database. No other service reads these tables.</summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<JournalEntry> JournalEntries => Set<JournalEntry>();

    public DbSet<JournalLine> JournalLines => Set<JournalLine>();

    public DbSet<AccountDayTotal> AccountDayTotals => Set<AccountDayTotal>();

    /// <summary>
    /// Saves, adding the new entries' lines to <see cref="AccountDayTotal"/> in the same transaction (the caller's, or
    /// one of its own when there is none), so the totals can never disagree with the lines.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var totals = AddedTotals();
        if (totals.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await Journal.AccountDayTotals.AddAsync(this, totals, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await Journal.AccountDayTotals.AddAsync(this, totals, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)"/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var totals = AddedTotals();
        if (totals.Count == 0)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        if (Database.CurrentTransaction is not null)
        {
            Journal.AccountDayTotals.Add(this, totals);
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        using var transaction = Database.BeginTransaction();
        Journal.AccountDayTotals.Add(this, totals);
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        transaction.Commit();
        return saved;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LedgerDbContext).Assembly);
        // Outbox, inbox and dead letters live beside the data so they share its transactions.
        modelBuilder.AddMessagingTables();
    }

    // Only the lines this save inserts: posted entries are never changed, so nothing else moves a total.
    private List<AccountDayTotal> AddedTotals()
    {
        List<(DateOnly, JournalLine)>? added = null;
        foreach (var line in ChangeTracker.Entries<JournalLine>())
        {
            if (line.State != EntityState.Added)
            {
                continue;
            }

            var entry = JournalEntries.Local.FindEntry(line.Entity.EntryId)
                ?? throw new InvalidOperationException($"a journal line was added to entry {line.Entity.EntryId}, which this save does not insert: posted entries are never changed");
            (added ??= []).Add((entry.Entity.PostingDate, line.Entity));
        }

        return added is null ? [] : Journal.AccountDayTotals.Of(added);
    }
}
