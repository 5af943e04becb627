using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.ChartOfAccounts;
using Integration.Ledger.Data;
using Integration.Ledger.Journal;
using Microsoft.EntityFrameworkCore;
using DataLine = Integration.Ledger.Data.Journal.JournalLine;

namespace Integration.Ledger.TrialBalance;

/// <summary>
/// Sums debits and credits per account and currency in the database (integer minor units, so
/// exact on every provider) and turns them into the trial balance.
/// </summary>
internal sealed partial class TrialBalanceReader(LedgerDbContext db, Chart chart, ILogger<TrialBalanceReader> logger)
{
    public async Task<GetTrialBalanceResponse> ReadAsync(DateOnly? asOf, string? currency, CancellationToken ct, DateOnly? from = null)
    {
        var entries = db.JournalEntries.AsNoTracking();
        if (asOf is { } date)
        {
            entries = entries.Where(e => e.PostingDate <= date);
        }

        if (from is { } first)
        {
            entries = entries.Where(e => e.PostingDate >= first);
        }

        var lines = entries.SelectMany(e => e.Lines);
        if (currency is not null)
        {
            lines = lines.Where(l => l.Currency == currency);
        }

        var sums = await lines
            .GroupBy(l => new { l.AccountNumber, l.Currency })
            .Select(g => new
            {
                g.Key.AccountNumber,
                g.Key.Currency,
                Debit = g.Sum(l => l.Side == DataLine.DebitSide ? l.AmountMinor : 0L),
                Credit = g.Sum(l => l.Side == DataLine.CreditSide ? l.AmountMinor : 0L),
            })
            .ToListAsync(ct);

        // At most accounts × currencies rows: ordering them here keeps the ordinal order independent of the database's collation.
        var ordered = sums
            .OrderBy(s => s.AccountNumber, StringComparer.Ordinal)
            .ThenBy(s => s.Currency, StringComparer.Ordinal)
            .ToList();

        var response = new GetTrialBalanceResponse();
        foreach (var sum in ordered)
        {
            response.Lines.Add(new TrialBalanceLine
            {
                Account = AccountOf(sum.AccountNumber),
                DebitTotal = Money(sum.Debit, sum.Currency),
                CreditTotal = Money(sum.Credit, sum.Currency),
                Balance = Money(checked(sum.Debit - sum.Credit), sum.Currency),
            });
        }

        var balanced = true;
        foreach (var group in ordered.GroupBy(s => s.Currency).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var debit = group.Aggregate(0L, (total, s) => checked(total + s.Debit));
            var credit = group.Aggregate(0L, (total, s) => checked(total + s.Credit));
            balanced &= debit == credit;
            response.Totals.Add(new CurrencyTotal { DebitTotal = Money(debit, group.Key), CreditTotal = Money(credit, group.Key) });
        }

        response.Balanced = balanced;
        return response;
    }

    private Account AccountOf(string number)
    {
        if (chart.Find(number) is { } account)
        {
            return account.Clone();
        }

        // Postings outlive chart edits: the money is still shown, under its bare number.
        LogAccountNotInChart(logger, number);
        return new Account { Number = number, Type = AccountType.Unspecified };
    }

    private static Contracts.Common.V1.Money Money(long minor, string currency) =>
        MinorUnits.FromMinor(minor, currency).ToMoney(currency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountNumber} has postings but is no longer in the chart of accounts")]
    private static partial void LogAccountNotInChart(ILogger logger, string accountNumber);
}
