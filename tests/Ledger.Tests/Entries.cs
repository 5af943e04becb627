using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;

namespace Integration.Ledger.Tests;

/// <summary>Builds journal entries and reads trial balances in the tests' terms.</summary>
internal static class Entries
{
    public static JournalLine Debit(string account, decimal amount, string currency = "EUR", string memo = "") =>
        new() { AccountNumber = account, Side = Side.Debit, Amount = amount.ToMoney(currency), Memo = memo };

    public static JournalLine Credit(string account, decimal amount, string currency = "EUR", string memo = "") =>
        new() { AccountNumber = account, Side = Side.Credit, Amount = amount.ToMoney(currency), Memo = memo };

    public static JournalEntry Entry(string sourceKey, string postingDate, params JournalLine[] lines)
    {
        var entry = new JournalEntry { SourceKey = sourceKey, PostingDate = postingDate, Description = "test " + sourceKey };
        entry.Lines.AddRange(lines);
        return entry;
    }

    public static Task<PostJournalEntryResponse> PostAsync(this LedgerService.LedgerServiceClient client, JournalEntry entry) =>
        client.PostJournalEntryAsync(new PostJournalEntryRequest { Entry = entry }).ResponseAsync;

    public static Task<GetTrialBalanceResponse> TrialBalanceAsync(
        this LedgerService.LedgerServiceClient client, string asOfDate = "", string currency = "") =>
        client.GetTrialBalanceAsync(new GetTrialBalanceRequest { AsOfDate = asOfDate, CurrencyCode = currency }).ResponseAsync;

    /// <summary>The line of one account and currency, or null.</summary>
    public static TrialBalanceLine? Line(this GetTrialBalanceResponse balance, string account, string currency) =>
        balance.Lines.SingleOrDefault(l => l.Account.Number == account && l.DebitTotal.CurrencyCode == currency);

    /// <summary>Total debits in one currency (0 when the currency has no postings).</summary>
    public static decimal DebitTotal(this GetTrialBalanceResponse balance, string currency) =>
        balance.Totals.SingleOrDefault(t => t.DebitTotal.CurrencyCode == currency)?.DebitTotal.ToDecimal() ?? 0m;

    /// <summary>Total credits in one currency (0 when the currency has no postings).</summary>
    public static decimal CreditTotal(this GetTrialBalanceResponse balance, string currency) =>
        balance.Totals.SingleOrDefault(t => t.CreditTotal.CurrencyCode == currency)?.CreditTotal.ToDecimal() ?? 0m;
}
