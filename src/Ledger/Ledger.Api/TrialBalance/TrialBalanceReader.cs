using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.ChartOfAccounts;
using Integration.Ledger.Data;
using Integration.Ledger.Journal;
using Microsoft.EntityFrameworkCore;

namespace Integration.Ledger.TrialBalance;

/// <summary>
/// Sums the day totals (<see cref="Data.Journal.AccountDayTotal"/>) per account and currency in the database (integer
/// minor units, so exact on every provider) and turns them into the trial balance: rows per day and account, so its
/// time follows the days and accounts asked for, not the journal's length.
/// </summary>
internal sealed partial class TrialBalanceReader(LedgerDbContext db, Chart chart, ILogger<TrialBalanceReader> logger)
{
    public async Task<GetTrialBalanceResponse> ReadAsync(DateOnly? asOf, string? currency, CancellationToken ct, DateOnly? from = null)
    {
        // The day totals, not the lines: a row per day, account and currency, kept with the lines in their transactions.
        var totals = db.AccountDayTotals.AsNoTracking();
        if (asOf is { } date)
        {
            totals = totals.Where(t => t.PostingDate <= date);
        }

        if (from is { } first)
        {
            totals = totals.Where(t => t.PostingDate >= first);
        }

        if (currency is not null)
        {
            totals = totals.Where(t => t.Currency == currency);
        }

        var sums = await totals
            .GroupBy(t => new { t.AccountNumber, t.Currency })
            .Select(g => new { g.Key.AccountNumber, g.Key.Currency, Debit = g.Sum(t => t.DebitMinor), Credit = g.Sum(t => t.CreditMinor) })
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
