using CsCheck;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Journal;
using Integration.Ledger.Data.Postings;
using Integration.Ledger.Postings;
using Integration.Ledger.Postings.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Ledger.Tests.Postings;

/// <summary>
/// The bulk path's positional SQLite writes store exactly what EF stores: random entries (any text, dates, instants,
/// amounts), lines and posting records written by EF's SaveChanges into one Ledger and by <see cref="SqlitePostingWriter"/>
/// into another read back column for column with the same SQLite type and value; an order's update equals
/// <see cref="OrderRows"/>' (ADO.NET by name), stale versions refused alike.
/// </summary>
public sealed class SqlitePostingWriterTests : IDisposable
{
    private readonly LedgerFactory _ef = new();
    private readonly LedgerFactory _positional = new();
    private int _round;

    public void Dispose()
    {
        _ef.Dispose();
        _positional.Dispose();
    }

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Const(string.Empty), Gen.String, Gen.String[Gen.Char.AlphaNumeric, 1, 40],
        Gen.OneOf("é", "€", "😀", "'", "\"", "\\", "\0", "a\0b", "VAT 19%", "Zahlung (fact of 2026-01-31; its period was closed)")
            .Array[1, 4].Select(p => string.Concat(p)));

    private static readonly Gen<DateOnly> Day = Gen.Int[0, 3_000_000].Select(d => DateOnly.MinValue.AddDays(d));

    // Any instant, as PostedNow keeps it (whole microseconds), and sometimes a whole second.
    private static readonly Gen<DateTime> Instant = Gen.Long[0, DateTime.MaxValue.Ticks / 10].Select(Gen.Bool, (t, whole) =>
        new DateTime(whole ? t * 10 / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond : t * 10, DateTimeKind.Utc));

    // Amounts up to the largest line the service accepts (MaxLineAmount at 3 decimals): the EF path also adds them to the
    // day totals, which the limit keeps far from 64-bit overflow.
    private static readonly Gen<JournalLine> LineGen = Gen.Select(Text, Gen.OneOf(JournalLine.DebitSide, JournalLine.CreditSide),
        Gen.OneOf("EUR", "USD", "JPY", "KWD"), Gen.Long[1, (long)(Journal.MinorUnits.MaxLineAmount * 1000)], Text,
        (account, side, currency, minor, memo) => new JournalLine { EntryId = string.Empty, AccountNumber = account, Side = side, Currency = currency, AmountMinor = minor, Memo = memo });

    private static readonly Gen<(JournalEntry Entry, PostingRecord? Record)> EntryGen = Gen.Select(
        Gen.Select(Text, Day, Day, Gen.String[Gen.Char.AlphaNumeric, 0, 7], Text, Instant, Gen.String[Gen.Char.AlphaNumeric, 0, 64]),
        LineGen.List[1, 6], Gen.Select(Gen.Bool, Text, Text, Text),
        (e, lines, r) =>
        {
            var entry = new JournalEntry
            {
                Id = Guid.NewGuid().ToString("N"), SourceKey = e.Item1, PostingDate = e.Item2, OriginalDate = e.Item3, Period = e.Item4,
                Description = e.Item5, PostedAt = e.Item6, RequestHash = e.Item7,
            };
            entry.Lines.AddRange(lines.Select((l, i) => new JournalLine
            {
                EntryId = entry.Id, LineNo = i + 1, AccountNumber = l.AccountNumber, Side = l.Side, Currency = l.Currency, AmountMinor = l.AmountMinor, Memo = l.Memo,
            }));
            return (entry, r.Item1 ? new PostingRecord { EntryId = entry.Id, OrderId = r.Item2, EventId = r.Item3, Kind = r.Item4 } : null);
        });

    [Fact]
    public void Entries_lines_and_records_are_stored_as_ef_stores_them()
    {
        Gen.Select(EntryGen.List[1, 8], Gen.Int).Sample((batch, _) =>
        {
            var round = Interlocked.Increment(ref _round);
            // Source keys are unique in the journal: this round's own.
            var entries = batch.Select((b, i) => { b.Entry.SourceKey = $"{round}-{i}:{b.Entry.SourceKey}"; return b.Entry; }).ToList();
            var records = batch.Where(b => b.Record is not null).Select(b => b.Record!).ToList();
            WithTransaction(_ef, db =>
            {
                db.JournalEntries.AddRange(entries.Select(Copy));
                db.Set<PostingRecord>().AddRange(records.Select(r => new PostingRecord { EntryId = r.EntryId, OrderId = r.OrderId, EventId = r.EventId, Kind = r.Kind }));
                db.SaveChanges();
            });
            WithTransaction(_positional, db => SqlitePostingWriter.Insert((SqliteConnection)db.Database.GetDbConnection(), entries, records));
            var ids = entries.Select(e => e.Id).ToList();
            foreach (var (table, key) in new[] { ("journal_entries", "Id"), ("journal_lines", "EntryId"), ("posting_records", "EntryId") })
            {
                var stored = Dump(_ef, table, key, ids);
                Assert.Equal(stored, Dump(_positional, table, key, ids));
                Assert.Equal(table switch { "journal_entries" => entries.Count, "journal_lines" => entries.Sum(e => e.Lines.Count), _ => records.Count }, stored.Count);
            }
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void An_order_update_is_stored_as_the_ado_net_update_stores_it_and_a_stale_version_is_refused_alike()
    {
        var gen = Gen.Select(Text, Text.Array[1, 3], Gen.Long[0, 1_000], Instant, Gen.Bool);
        gen.Sample((state, facts, version, at, stale) =>
        {
            var round = Interlocked.Increment(ref _round);
            var id = $"U-{round}";
            foreach (var factory in new[] { _ef, _positional })
            {
                WithTransaction(factory, db =>
                {
                    db.Set<LedgerOrder>().Add(new LedgerOrder { OrderId = id, Channel = "web", Currency = "EUR", Version = version, UpdatedAt = at, FactsJson = round % 3 == 0 ? "[]" : "[{\"a\":1}]" });
                    db.SaveChanges();
                });
            }

            var change = new OrderRows.Change(id, stale ? version + 1 : version, version + facts.Length, state, string.Join(',', facts), at.AddSeconds(1));
            var byName = Outcome(() => WithTransaction(_ef, db => OrderRows.UpdateAsync(db, [change], CancellationToken.None).GetAwaiter().GetResult()));
            var byPosition = Outcome(() => WithTransaction(_positional, db => SqlitePostingWriter.Update((SqliteConnection)db.Database.GetDbConnection(), [change])));
            Assert.Equal(stale ? nameof(DbUpdateConcurrencyException) : "ok", byName);
            Assert.Equal(byName, byPosition);
            var stored = Dump(_ef, "ledger_orders", "OrderId", [id]);
            Assert.Single(stored);
            Assert.Equal(stored, Dump(_positional, "ledger_orders", "OrderId", [id]));
        }, iter: 60, threads: 1);
    }

    private static string Outcome(Action write)
    {
        try
        {
            write();
            return "ok";
        }
        catch (DbUpdateConcurrencyException)
        {
            return nameof(DbUpdateConcurrencyException);
        }
    }

    private static JournalEntry Copy(JournalEntry e)
    {
        var copy = new JournalEntry
        {
            Id = e.Id, SourceKey = e.SourceKey, PostingDate = e.PostingDate, OriginalDate = e.OriginalDate, Period = e.Period, Description = e.Description,
            PostedAt = e.PostedAt, RequestHash = e.RequestHash,
        };
        copy.Lines.AddRange(e.Lines.Select(l => new JournalLine
        {
            EntryId = l.EntryId, LineNo = l.LineNo, AccountNumber = l.AccountNumber, Side = l.Side, Currency = l.Currency, AmountMinor = l.AmountMinor, Memo = l.Memo,
        }));
        return copy;
    }

    private static void WithTransaction(LedgerFactory factory, Action<LedgerDbContext> write)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        using var transaction = db.Database.BeginTransaction();
        write(db);
        transaction.Commit();
    }

    /// <summary>Every column of the rows with these keys, each as its SQLite type and SQL literal (quote() shows blobs and text byte for byte).</summary>
    private static List<string> Dump(LedgerFactory factory, string table, string key, IReadOnlyList<string> keys)
    {
        using var scope = factory.Services.CreateScope();
        var connection = (SqliteConnection)scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Database.GetDbConnection();
        connection.Open();
        using var columns = connection.CreateCommand();
        columns.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        var names = new List<string>();
        using (var reader = columns.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        using var rows = connection.CreateCommand();
        rows.CommandText = $"SELECT {string.Join(" || '|' || ", names.Select(n => $"typeof(\"{n}\") || ':' || quote(\"{n}\")"))} FROM {table} " +
            $"WHERE \"{key}\" IN (SELECT value FROM json_each($keys)) ORDER BY \"{key}\"{(table == "journal_lines" ? ", \"LineNo\"" : string.Empty)}";
        rows.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(keys));
        var result = new List<string>();
        using (var reader = rows.ExecuteReader())
        {
            while (reader.Read())
            {
                result.Add(reader.GetString(0));
            }
        }

        return result;
    }
}
