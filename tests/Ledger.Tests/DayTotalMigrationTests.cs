using Integration.Ledger.Data;
using Integration.ServiceDefaults.Data;
using Integration.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using DataLine = Integration.Ledger.Data.Journal.JournalLine;

namespace Integration.Ledger.Tests;

/// <summary>The AccountDayTotals migration fills the day totals from the lines already in the journal.</summary>
public sealed class DayTotalMigrationTests
{
    [Fact]
    public async Task The_backfill_is_the_line_sum_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ledger-backfill-{Guid.NewGuid():N}.db");
        try
        {
            await CheckAsync(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_backfill_is_the_line_sum_on_postgresql() =>
        await CheckAsync(DatabaseProvider.PostgreSql, await PostgresServer.CreateDatabaseAsync("ledgerdb"));

    private static async Task CheckAsync(DatabaseProvider provider, string connectionString)
    {
        await using var db = MigrationChecks.Create<LedgerDbContext>("Ledger", provider, connectionString);
        var migrations = db.Database.GetMigrations().ToList();
        var backfill = migrations.FindIndex(m => m.EndsWith("_AccountDayTotals", StringComparison.Ordinal));
        Assert.True(backfill > 0, $"no AccountDayTotals migration after another in {string.Join(", ", migrations)}");
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[backfill - 1]);

        // Lines as the journal held them before the migration: several days, accounts, currencies, both sides, a day
        // and account with many lines. Raw SQL: the model's SaveChanges would write the totals the table does not have yet.
        var random = new Random(7);
        string[] accounts = ["1100", "2100", "4000", "5000"];
        string[] currencies = ["EUR", "JPY"];
        for (var e = 0; e < 60; e++)
        {
            var id = $"entry{e:D4}";
            var day = new DateOnly(2026, 3, 1).AddDays(random.Next(0, 5));
            var period = day.ToString("yyyy-MM");
            var posted = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO journal_entries (\"Id\", \"SourceKey\", \"PostingDate\", \"OriginalDate\", \"Period\", \"Description\", \"PostedAt\", \"RequestHash\") VALUES ({id}, {id}, {day}, {day}, {period}, {"backfill"}, {posted}, {id})");
            var currency = currencies[random.Next(currencies.Length)];
            for (var pair = 0; pair < random.Next(1, 4); pair++)
            {
                var amount = (long)random.Next(1, 100_000);
                foreach (var (side, no) in new[] { (DataLine.DebitSide, (pair * 2) + 1), (DataLine.CreditSide, (pair * 2) + 2) })
                {
                    var account = accounts[random.Next(accounts.Length)];
                    await db.Database.ExecuteSqlAsync(
                        $"INSERT INTO journal_lines (\"EntryId\", \"LineNo\", \"AccountNumber\", \"Side\", \"Currency\", \"AmountMinor\", \"Memo\") VALUES ({id}, {no}, {account}, {side}, {currency}, {amount}, {""})");
                }
            }
        }

        await migrator.MigrateAsync(migrations[backfill]);

        var totals = (await db.AccountDayTotals.AsNoTracking().ToListAsync())
            .Select(t => $"{t.PostingDate:yyyy-MM-dd} {t.AccountNumber} {t.Currency} {t.DebitMinor} {t.CreditMinor}").Order(StringComparer.Ordinal).ToList();
        var lines = (await db.JournalEntries.AsNoTracking().SelectMany(e => e.Lines, (e, l) => new { e.PostingDate, l.AccountNumber, l.Currency, l.Side, l.AmountMinor }).ToListAsync())
            .GroupBy(l => (l.PostingDate, l.AccountNumber, l.Currency))
            .Select(g => $"{g.Key.PostingDate:yyyy-MM-dd} {g.Key.AccountNumber} {g.Key.Currency} " +
                $"{g.Sum(l => l.Side == DataLine.DebitSide ? l.AmountMinor : 0)} {g.Sum(l => l.Side == DataLine.CreditSide ? l.AmountMinor : 0)}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(lines.Count > 10, $"only {lines.Count} day/account/currency groups");
        Assert.Equal(lines, totals);
    }
}
