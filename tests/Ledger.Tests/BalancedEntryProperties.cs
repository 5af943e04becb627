using System.Globalization;
using CsCheck;
using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;

namespace Integration.Ledger.Tests;

/// <summary>
/// Property-based checks of the double-entry rules: random balanced entries always post and sum
/// exactly; random unbalanced entries are always refused.
/// </summary>
public sealed class BalancedEntryProperties : IDisposable
{
    private static readonly string[] Accounts =
        ["1100", "1200", "1300", "2100", "2200", "3000", "4000", "4100", "4200", "4300", "5000", "5100", "5200"];

    // Two or three currencies of different precision per sample: 2, 0 and 3 decimal places.
    private static readonly string[][] CurrencySets = [["EUR", "JPY"], ["EUR", "KWD"], ["JPY", "KWD"], ["EUR", "JPY", "KWD"]];

    private readonly LedgerFactory _factory = new();
    private readonly LedgerService.LedgerServiceClient _client;

    public BalancedEntryProperties() => _client = _factory.CreateLedgerClient();

    public void Dispose() => _factory.Dispose();

    /// <summary>One generated line: the amount in minor units, so the expected sums are plain integers.</summary>
    internal sealed record GeneratedLine(string Account, bool Debit, string Currency, long Minor)
    {
        public decimal Amount => Minor / Pow10(Currencies.MinorUnit(Currency)!.Value);
    }

    /// <summary>
    /// A balanced entry: movements of an amount from a credit account to a debit account, with the
    /// credits of one account and currency merged, so debit and credit lines rarely pair up.
    /// </summary>
    private static Gen<List<GeneratedLine>> BalancedEntry(string[] currencies) =>
        Gen.Select(Gen.OneOf(currencies), Gen.OneOf(Accounts), Gen.OneOf(Accounts), Gen.Long[1, 5_000_000_000])
            .List[1, 6]
            .Select(movements =>
            {
                var lines = movements.Select(m => new GeneratedLine(m.Item2, true, m.Item1, m.Item4)).ToList();
                lines.AddRange(movements
                    .GroupBy(m => (Account: m.Item3, Currency: m.Item1))
                    .Select(g => new GeneratedLine(g.Key.Account, false, g.Key.Currency, g.Sum(m => m.Item4))));
                return lines;
            });

    private static readonly Gen<List<List<GeneratedLine>>> BalancedBatches =
        Gen.OneOf(CurrencySets).SelectMany(currencies => BalancedEntry(currencies).List[1, 4]);

    [Fact]
    public async Task Every_balanced_entry_posts_and_the_trial_balance_sums_exactly()
    {
        await BalancedBatches.SampleAsync(async batch =>
        {
            var before = await _client.TrialBalanceAsync();

            foreach (var lines in batch)
            {
                var posted = await _client.PostAsync(ToEntry(lines));
                Assert.False(posted.Duplicate);
                Assert.Equal(lines.Select(l => l.Amount), posted.Entry.Lines.Select(l => l.Amount.ToDecimal()));
            }

            var after = await _client.TrialBalanceAsync();
            Assert.True(after.Balanced);
            foreach (var currency in batch.SelectMany(l => l).GroupBy(l => l.Currency))
            {
                // The exact decimal sum of what was generated, computed apart from the service's minor-unit arithmetic.
                var expected = currency.Where(l => l.Debit).Aggregate(0m, (sum, l) => sum + l.Amount);
                Assert.Equal(expected, after.DebitTotal(currency.Key) - before.DebitTotal(currency.Key));
                Assert.Equal(expected, after.CreditTotal(currency.Key) - before.CreditTotal(currency.Key));
            }
        }, iter: 40, threads: 1);
    }

    /// <summary>A balanced entry with one line spoiled: its amount raised, or its side flipped.</summary>
    private static readonly Gen<(List<GeneratedLine> Lines, int Spoiled)> UnbalancedEntries =
        Gen.OneOf(CurrencySets).SelectMany(currencies => BalancedEntry(currencies))
            .SelectMany(lines => Gen.Select(Gen.Int[0, lines.Count - 1], Gen.Long[1, 1_000], Gen.Bool, (index, extra, flip) =>
            {
                var spoiled = lines.ToList();
                var line = spoiled[index];
                spoiled[index] = flip ? line with { Debit = !line.Debit } : line with { Minor = line.Minor + extra };
                return (spoiled, index);
            }));

    [Fact]
    public async Task Every_unbalanced_entry_is_refused_and_nothing_is_posted()
    {
        await _client.PostAsync(Entries.Entry("seed", "2026-01-01", Entries.Debit("1100", 1m), Entries.Credit("3000", 1m)));
        var before = await _client.TrialBalanceAsync();

        await UnbalancedEntries.SampleAsync(async sample =>
        {
            var currency = sample.Lines[sample.Spoiled].Currency;
            var lines = sample.Lines.Where(l => l.Currency == currency).ToList();
            var format = "F" + Currencies.MinorUnit(currency)!.Value.ToString(CultureInfo.InvariantCulture);
            var debits = lines.Where(l => l.Debit).Aggregate(0m, (sum, l) => sum + l.Amount).ToString(format, CultureInfo.InvariantCulture);
            var credits = lines.Where(l => !l.Debit).Aggregate(0m, (sum, l) => sum + l.Amount).ToString(format, CultureInfo.InvariantCulture);

            var error = await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(ToEntry(sample.Lines)));

            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal($"entry.lines: entry does not balance in {currency}: debits {debits}, credits {credits}", error.Status.Detail);
        }, iter: 40, threads: 1);

        Assert.Equal(before, await _client.TrialBalanceAsync());
    }

    private static JournalEntry ToEntry(IEnumerable<GeneratedLine> lines) =>
        Entries.Entry("prop:" + Guid.NewGuid().ToString("N"), "2026-04-30", lines
            .Select(l => l.Debit ? Entries.Debit(l.Account, l.Amount, l.Currency) : Entries.Credit(l.Account, l.Amount, l.Currency))
            .ToArray());

    private static decimal Pow10(int digits) => digits switch { 0 => 1m, 2 => 100m, 3 => 1000m, _ => throw new ArgumentOutOfRangeException(nameof(digits)) };
}
