using Microsoft.Data.Sqlite;

namespace Integration.Ledger.Bench;

/// <summary>
/// Fills the Ledger's SQLite file with balanced entries directly (the posting path is measured separately), for the trial
/// balance at size, with the day totals the service keeps beside them.
/// </summary>
internal static class BulkLines
{
    private static readonly string[] Accounts = ["1100", "2100", "2200", "4000", "4100", "5000", "1300", "4300", "1200", "5100"];

    /// <summary>The day totals of the entries from $first to $last, added to what the table holds (SQLite upsert).</summary>
    private const string TotalsSql =
        "INSERT INTO account_day_totals (PostingDate, AccountNumber, Currency, DebitMinor, CreditMinor) " +
        "SELECT e.PostingDate, l.AccountNumber, l.Currency, SUM(CASE WHEN l.Side = 'D' THEN l.AmountMinor ELSE 0 END), SUM(CASE WHEN l.Side = 'C' THEN l.AmountMinor ELSE 0 END) " +
        "FROM journal_lines l INNER JOIN journal_entries e ON e.Id = l.EntryId WHERE e.Id BETWEEN $first AND $last " +
        "GROUP BY e.PostingDate, l.AccountNumber, l.Currency " +
        "ON CONFLICT (PostingDate, AccountNumber, Currency) DO UPDATE SET DebitMinor = DebitMinor + excluded.DebitMinor, CreditMinor = CreditMinor + excluded.CreditMinor";

    /// <summary>The trial balance as it was read before the day totals: every line of the journal, summed per account and currency.</summary>
    private const string LineScanSql =
        "SELECT l.AccountNumber, l.Currency, SUM(CASE WHEN l.Side = 'D' THEN l.AmountMinor ELSE 0 END), SUM(CASE WHEN l.Side = 'C' THEN l.AmountMinor ELSE 0 END) " +
        "FROM journal_entries e INNER JOIN journal_lines l ON e.Id = l.EntryId GROUP BY l.AccountNumber, l.Currency";

    /// <summary>For the record: the old line scan's time (this process, the same file), median and best of 5.</summary>
    public static (double Median, double Best) TimeLineScan(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var command = connection.CreateCommand();
            command.CommandText = LineScanSql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }

            times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        return (times[2], times[0]);
    }

    public static async Task<long> FillAsync(string database, long lines, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        const int perEntry = 10;
        var entries = lines / perEntry;
        var start = new DateOnly(2026, 1, 1);
        for (long done = 0; done < entries;)
        {
            var first = done;
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var entry = connection.CreateCommand();
            entry.CommandText = "INSERT INTO journal_entries (Id, SourceKey, PostingDate, Period, Description, PostedAt, RequestHash, OriginalDate) " +
                "VALUES ($id, $key, $date, $period, 'bench', '2026-11-27 00:00:00', $id, $date)";
            var id = entry.Parameters.Add("$id", SqliteType.Text);
            var key = entry.Parameters.Add("$key", SqliteType.Text);
            var date = entry.Parameters.Add("$date", SqliteType.Text);
            var period = entry.Parameters.Add("$period", SqliteType.Text);
            await using var line = connection.CreateCommand();
            line.CommandText = "INSERT INTO journal_lines (EntryId, LineNo, AccountNumber, Side, Currency, AmountMinor, Memo) VALUES ($entry, $no, $account, $side, 'EUR', $amount, '')";
            var lineEntry = line.Parameters.Add("$entry", SqliteType.Text);
            var no = line.Parameters.Add("$no", SqliteType.Integer);
            var account = line.Parameters.Add("$account", SqliteType.Text);
            var side = line.Parameters.Add("$side", SqliteType.Text);
            var amount = line.Parameters.Add("$amount", SqliteType.Integer);
            entry.Transaction = transaction;
            line.Transaction = transaction;
            for (var i = 0; i < 10_000 && done < entries; i++, done++)
            {
                var day = start.AddDays((int)(done % 330));
                id.Value = $"bulk{done:D12}";
                key.Value = $"bench:{done}";
                date.Value = day.ToString("yyyy-MM-dd");
                period.Value = day.ToString("yyyy-MM");
                await entry.ExecuteNonQueryAsync(ct);
                for (var l = 0; l < perEntry; l++)
                {
                    lineEntry.Value = id.Value;
                    no.Value = l + 1;
                    account.Value = Accounts[(int)((done + (l / 2)) % Accounts.Length)];
                    // Pairs of equal debit and credit: every entry balances.
                    side.Value = l % 2 == 0 ? "D" : "C";
                    amount.Value = 100 + ((done + (l / 2)) % 9_900);
                    await line.ExecuteNonQueryAsync(ct);
                }
            }

            // The service keeps per-day account totals in the transaction that writes lines; so does the fill, from the
            // lines it just wrote (the migration's backfill statement, for this batch's entries).
            await using var totals = connection.CreateCommand();
            totals.Transaction = transaction;
            totals.CommandText = TotalsSql;
            totals.Parameters.AddWithValue("$first", $"bulk{first:D12}");
            totals.Parameters.AddWithValue("$last", $"bulk{done - 1:D12}");
            await totals.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        await analyze.ExecuteNonQueryAsync(ct);
        return entries * perEntry;
    }
}
