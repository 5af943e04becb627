using Integration.Ledger.Data.Journal;
using Integration.Ledger.Data.Postings;
using Integration.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.Postings.Sqlite;

/// <summary>
/// A bulk's entries, lines and posting records, and its orders' new state, on SQLite: one prepared statement per table,
/// reused for every row, values bound by position, on the bulk's connection inside its transaction. Through ADO.NET
/// (Messaging's BatchInsert, OrderRows) each value was a named parameter looked up and converted per execution, about
/// a third of the bulk's writing. Other providers keep that path (several rows per statement there).
/// </summary>
internal static class SqlitePostingWriter
{
    private const string EntrySql =
        "INSERT INTO journal_entries (Id, SourceKey, PostingDate, OriginalDate, Period, Description, PostedAt, RequestHash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private const string LineSql = "INSERT INTO journal_lines (EntryId, LineNo, AccountNumber, Side, Currency, AmountMinor, Memo) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private const string RecordSql = "INSERT INTO posting_records (EntryId, OrderId, EventId, Kind) VALUES (?, ?, ?, ?)";

    // OrderRows.Appended's SQLite text, with positional values.
    private const string OrderSql =
        "UPDATE ledger_orders SET StateJson = ?, FactsJson = substr(FactsJson, 1, length(FactsJson) - 1) || CASE WHEN FactsJson = '[]' THEN '' ELSE ',' END || ? || ']', " +
        "Version = ?, UpdatedAt = ? WHERE OrderId = ? AND Version = ?";

    /// <summary>Inserts <paramref name="entries"/> (with their lines) and <paramref name="records"/>.</summary>
    public static void Insert(SqliteConnection connection, IReadOnlyList<JournalEntry> entries, IReadOnlyList<PostingRecord> records)
    {
        if (entries.Count > 0)
        {
            using var entry = new SqliteRowStatement(connection, EntrySql);
            using var line = new SqliteRowStatement(connection, LineSql);
            foreach (var e in entries)
            {
                entry.Add(e.Id).Add(e.SourceKey).Add(e.PostingDate).Add(e.OriginalDate).Add(e.Period).Add(e.Description).Add(e.PostedAt).Add(e.RequestHash).Run();
                foreach (var l in e.Lines)
                {
                    line.Add(l.EntryId).Add(l.LineNo).Add(l.AccountNumber).Add(l.Side).Add(l.Currency).Add(l.AmountMinor).Add(l.Memo).Run();
                }
            }
        }

        if (records.Count > 0)
        {
            using var record = new SqliteRowStatement(connection, RecordSql);
            foreach (var r in records)
            {
                record.Add(r.EntryId).Add(r.OrderId).Add(r.EventId).Add(r.Kind).Run();
            }
        }
    }

    /// <summary>As <see cref="OrderRows.UpdateAsync"/>: each order's new state, its new facts appended, guarded by the version it was read at.</summary>
    public static void Update(SqliteConnection connection, IReadOnlyList<OrderRows.Change> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        using var order = new SqliteRowStatement(connection, OrderSql);
        foreach (var c in changes)
        {
            if (order.Add(c.StateJson).Add(c.NewFacts).Add(c.NewVersion).Add(c.UpdatedAt).Add(c.OrderId).Add(c.ReadVersion).Run() != 1)
            {
                throw new DbUpdateConcurrencyException($"order {c.OrderId} changed since it was read (version {c.ReadVersion}); the bulk is retried");
            }
        }
    }
}
