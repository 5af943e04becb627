using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Data.Journal;

/// <summary>
/// Keeps <see cref="AccountDayTotal"/> rows in step with the journal: every writer of journal lines adds what its
/// entries put on each day, account and currency, in the same transaction, as one upsert row per (day, account,
/// currency) the transaction touches — not one per line. EF-tracked entries are covered by
/// <see cref="LedgerDbContext"/>'s SaveChanges; the bulk posting path calls <see cref="AddAsync"/> itself.
/// </summary>
public static class AccountDayTotals
{
    public const string Table = "account_day_totals";

    // 5 values a row: under SQL Server's 2,100 parameters a statement.
    private const int RowsPerStatement = 400;

    private const string Columns = "\"PostingDate\", \"AccountNumber\", \"Currency\", \"DebitMinor\", \"CreditMinor\"";

    /// <summary>
    /// What <paramref name="entries"/> add, one row per day, account and currency, in (day, account, currency) order:
    /// concurrent writers then lock shared rows in the same order (no deadlock between two bulks).
    /// </summary>
    public static List<AccountDayTotal> Of(IEnumerable<JournalEntry> entries) =>
        Of(entries.SelectMany(e => e.Lines, (e, l) => (e.PostingDate, l)));

    /// <summary>As <see cref="Of(IEnumerable{JournalEntry})"/>, for lines with their entry's posting date.</summary>
    public static List<AccountDayTotal> Of(IEnumerable<(DateOnly PostingDate, JournalLine Line)> lines)
    {
        var sums = new Dictionary<(DateOnly, string, string), AccountDayTotal>();
        foreach (var (date, line) in lines)
        {
            var key = (date, line.AccountNumber, line.Currency);
            if (!sums.TryGetValue(key, out var total))
            {
                total = new AccountDayTotal { PostingDate = date, AccountNumber = line.AccountNumber, Currency = line.Currency };
                sums.Add(key, total);
            }

            if (line.Side == JournalLine.DebitSide)
            {
                total.DebitMinor = checked(total.DebitMinor + line.AmountMinor);
            }
            else
            {
                total.CreditMinor = checked(total.CreditMinor + line.AmountMinor);
            }
        }

        var rows = sums.Values.ToList();
        rows.Sort(static (a, b) =>
        {
            var c = a.PostingDate.CompareTo(b.PostingDate);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.AccountNumber, b.AccountNumber);
            }

            return c == 0 ? string.CompareOrdinal(a.Currency, b.Currency) : c;
        });
        return rows;
    }

    /// <summary>
    /// Adds <paramref name="totals"/> to the table on <paramref name="db"/>'s connection and current transaction:
    /// <c>INSERT … ON CONFLICT DO UPDATE</c> on SQLite and PostgreSQL, <c>MERGE</c> on SQL Server.
    /// </summary>
    public static async Task AddAsync(DbContext db, IReadOnlyList<AccountDayTotal> totals, CancellationToken ct)
    {
        for (var start = 0; start < totals.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, totals.Count - start);
            var (sql, values) = Statement(db.Database.ProviderName, totals, start, count);
            await db.Database.ExecuteSqlRawAsync(sql, values, ct);
        }
    }

    /// <summary>As <see cref="AddAsync"/>, for the synchronous SaveChanges.</summary>
    public static void Add(DbContext db, IReadOnlyList<AccountDayTotal> totals)
    {
        for (var start = 0; start < totals.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, totals.Count - start);
            var (sql, values) = Statement(db.Database.ProviderName, totals, start, count);
            db.Database.ExecuteSqlRaw(sql, values);
        }
    }

    private static (string Sql, object[] Values) Statement(string? provider, IReadOnlyList<AccountDayTotal> totals, int start, int count)
    {
        var values = new object[count * 5];
        var rows = new System.Text.StringBuilder(count * 32);
        for (var i = 0; i < count; i++)
        {
            var t = totals[start + i];
            var p = i * 5;
            values[p] = t.PostingDate;
            values[p + 1] = t.AccountNumber;
            values[p + 2] = t.Currency;
            values[p + 3] = t.DebitMinor;
            values[p + 4] = t.CreditMinor;
            rows.Append(i == 0 ? "(" : ", (").Append('{').Append(p).Append("}, {").Append(p + 1).Append("}, {").Append(p + 2)
                .Append("}, {").Append(p + 3).Append("}, {").Append(p + 4).Append("})");
        }

        var sql = provider is not null && provider.EndsWith(".SqlServer", StringComparison.Ordinal)
            ? $"MERGE {Table} WITH (HOLDLOCK) AS t USING (VALUES {rows}) AS s ({Columns}) " +
              "ON t.\"PostingDate\" = s.\"PostingDate\" AND t.\"AccountNumber\" = s.\"AccountNumber\" AND t.\"Currency\" = s.\"Currency\" " +
              "WHEN MATCHED THEN UPDATE SET \"DebitMinor\" = t.\"DebitMinor\" + s.\"DebitMinor\", \"CreditMinor\" = t.\"CreditMinor\" + s.\"CreditMinor\" " +
              $"WHEN NOT MATCHED THEN INSERT ({Columns}) VALUES (s.\"PostingDate\", s.\"AccountNumber\", s.\"Currency\", s.\"DebitMinor\", s.\"CreditMinor\");"
            : $"INSERT INTO {Table} ({Columns}) VALUES {rows} " +
              "ON CONFLICT (\"PostingDate\", \"AccountNumber\", \"Currency\") DO UPDATE SET " +
              $"\"DebitMinor\" = {Table}.\"DebitMinor\" + excluded.\"DebitMinor\", \"CreditMinor\" = {Table}.\"CreditMinor\" + excluded.\"CreditMinor\"";
        return (sql, values);
    }
}
