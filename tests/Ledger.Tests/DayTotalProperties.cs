using CsCheck;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using Integration.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Entries;
using DataLine = Integration.Ledger.Data.Journal.JournalLine;

namespace Integration.Ledger.Tests;

/// <summary>
/// The trial balance is read from the per-day account totals; these properties hold it to the sum of the journal's lines
/// (the old read) over random histories — entries on several dates and currencies posted concurrently, reversals of
/// earlier entries, repeated posts of a key — for random [from, as_of] ranges, on SQLite and PostgreSQL. Order facts
/// (bulk and one by one) are held to the same by <see cref="Postings.BulkPostingProperties"/>.
/// </summary>
public sealed class DayTotalProperties
{
    private static readonly string[] Accounts = ["1100", "1200", "1300", "2100", "2200", "4000", "5000", "5100"];
    private static readonly string[] Currencies = ["EUR", "JPY", "KWD"];
    private static readonly DateOnly Start = new(2026, 1, 28);

    // An entry: a day (0–40 after Start), a currency, 1–3 balanced pairs (debit account, credit account, minor amount).
    private static readonly Gen<(int Day, int Currency, (int Debit, int Credit, long Minor)[] Pairs)> EntryGen = Gen.Select(
        Gen.Int[0, 40], Gen.Int[0, Currencies.Length - 1], Gen.Select(Gen.Int[0, Accounts.Length - 1], Gen.Int[0, Accounts.Length - 1], Gen.Long[1, 99_999]).Array[1, 3]);

    // A range: from and as_of each absent (−3) or a day (−2 … 42), so ranges before, inside, across and after the history.
    private static readonly Gen<(int? From, int? AsOf)> RangeGen = Gen.Select(Gen.Int[-3, 42], Gen.Int[-3, 42], (f, a) => (f == -3 ? (int?)null : f, a == -3 ? (int?)null : a));

    [Fact]
    public async Task Trial_balance_from_day_totals_equals_the_line_sum_on_sqlite()
    {
        using var factory = new LedgerFactory();
        await CheckAsync(factory);
    }

    [Fact]
    public async Task Trial_balance_from_day_totals_equals_the_line_sum_on_postgresql()
    {
        using var factory = LedgerFactory.OnPostgreSql(await PostgresServer.CreateDatabaseAsync("ledgerdb"));
        await CheckAsync(factory);
    }

    private static async Task CheckAsync(LedgerFactory factory)
    {
        var client = factory.CreateLedgerClient();
        var round = 0;
        var gen = Gen.Select(EntryGen.List[1, 12], Gen.Int[0, 3], Gen.Int[0, 2], RangeGen.Array[4], (entries, reversals, repeats, ranges) => (entries, reversals, repeats, ranges));
        await gen.SampleAsync(async sample =>
        {
            var r = Interlocked.Increment(ref round);
            var posted = sample.entries.Select((e, i) => Make($"t{r}:{i}", e.Day, Currencies[e.Currency], e.Pairs, reverse: false)).ToList();
            // Concurrently: the day totals of one day and account are a hot row (PostgreSQL's upsert, SQLite's write lock).
            await Task.WhenAll(posted.Select(e => client.PostAsync(e)));
            // Reversals (the same lines, sides swapped, later or the same day) and repeats of posted keys (no second count).
            for (var i = 0; i < sample.reversals; i++)
            {
                var (day, currency, pairs) = sample.entries[i % sample.entries.Count];
                await client.PostAsync(Make($"t{r}:rev{i}", Math.Min(40, day + i), Currencies[currency], pairs, reverse: true));
            }

            for (var i = 0; i < sample.repeats; i++)
            {
                Assert.True((await client.PostAsync(posted[i % posted.Count])).Duplicate);
            }

            await AssertTotalsAreTheLineSumsAsync(factory);
            foreach (var (from, asOf) in sample.ranges)
            {
                var fromDate = from is { } f ? Start.AddDays(f) : (DateOnly?)null;
                var asOfDate = asOf is { } a ? Start.AddDays(a) : (DateOnly?)null;
                if (fromDate > asOfDate)
                {
                    continue;
                }

                var balance = await client.GetTrialBalanceAsync(new GetTrialBalanceRequest
                {
                    FromDate = fromDate?.ToString("yyyy-MM-dd") ?? string.Empty,
                    AsOfDate = asOfDate?.ToString("yyyy-MM-dd") ?? string.Empty,
                });
                var expected = await LineSumsAsync(factory, fromDate, asOfDate);
                var actual = balance.Lines.Select(l => $"{l.Account.Number} {l.DebitTotal.CurrencyCode} {l.DebitTotal} {l.CreditTotal}").ToList();
                Assert.True(expected.SequenceEqual(actual),
                    $"range {fromDate}..{asOfDate}: lines summed\n  {string.Join("\n  ", expected)}\ntrial balance\n  {string.Join("\n  ", actual)}");
                Assert.True(balance.Balanced);
            }
        }, iter: 15, threads: 1);
    }

    /// <summary>The whole totals table is the journal's lines summed per posting date, account and currency.</summary>
    internal static async Task AssertTotalsAreTheLineSumsAsync(LedgerFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var totals = (await db.AccountDayTotals.AsNoTracking().ToListAsync())
            .Select(t => $"{t.PostingDate:yyyy-MM-dd} {t.AccountNumber} {t.Currency} {t.DebitMinor} {t.CreditMinor}").Order(StringComparer.Ordinal).ToList();
        var lines = (await db.JournalEntries.AsNoTracking().SelectMany(e => e.Lines, (e, l) => new { e.PostingDate, l.AccountNumber, l.Currency, l.Side, l.AmountMinor }).ToListAsync())
            .GroupBy(l => (l.PostingDate, l.AccountNumber, l.Currency))
            .Select(g => $"{g.Key.PostingDate:yyyy-MM-dd} {g.Key.AccountNumber} {g.Key.Currency} " +
                $"{g.Sum(l => l.Side == DataLine.DebitSide ? l.AmountMinor : 0)} {g.Sum(l => l.Side == DataLine.CreditSide ? l.AmountMinor : 0)}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(lines.SequenceEqual(totals), $"lines summed per day\n  {string.Join("\n  ", lines)}\nday totals\n  {string.Join("\n  ", totals)}");
    }

    // The trial balance's lines as the old reader computed them: every journal line in the range, summed per account and currency.
    private static async Task<List<string>> LineSumsAsync(LedgerFactory factory, DateOnly? from, DateOnly? asOf)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var lines = await db.JournalEntries.AsNoTracking()
            .Where(e => (from == null || e.PostingDate >= from) && (asOf == null || e.PostingDate <= asOf))
            .SelectMany(e => e.Lines).ToListAsync();
        return lines.GroupBy(l => (l.AccountNumber, l.Currency))
            .OrderBy(g => g.Key.AccountNumber, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => $"{g.Key.AccountNumber} {g.Key.Currency} " +
                $"{Money(g.Where(l => l.Side == DataLine.DebitSide).Sum(l => l.AmountMinor), g.Key.Currency)} " +
                $"{Money(g.Where(l => l.Side == DataLine.CreditSide).Sum(l => l.AmountMinor), g.Key.Currency)}")
            .ToList();
    }

    private static Contracts.Common.V1.Money Money(long minor, string currency) =>
        Journal.MinorUnits.FromMinor(minor, currency).ToMoney(currency);

    private static Contracts.Ledger.V1.JournalEntry Make(string key, int day, string currency, (int Debit, int Credit, long Minor)[] pairs, bool reverse)
    {
        var scale = Journal.MinorUnits.FromMinor(1, currency);
        var lines = pairs.SelectMany(p => new[]
        {
            reverse ? Credit(Accounts[p.Debit], p.Minor * scale, currency) : Debit(Accounts[p.Debit], p.Minor * scale, currency),
            reverse ? Debit(Accounts[p.Credit], p.Minor * scale, currency) : Credit(Accounts[p.Credit], p.Minor * scale, currency),
        }).ToArray();
        return Entry(key, Start.AddDays(day).ToString("yyyy-MM-dd"), lines);
    }
}
