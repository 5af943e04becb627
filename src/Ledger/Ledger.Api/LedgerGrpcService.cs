using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.ChartOfAccounts;
using Integration.Ledger.Journal;
using Integration.Ledger.TrialBalance;
using Integration.ServiceDefaults.Validation;

namespace Integration.Ledger;

/// <summary>The Ledger gRPC API: posting journal entries, the trial balance and the chart of accounts.</summary>
internal sealed partial class LedgerGrpcService(
    JournalWriter writer, TrialBalanceReader trialBalance, Chart chart, ILogger<LedgerGrpcService> logger)
    : LedgerService.LedgerServiceBase
{
    public override async Task<PostJournalEntryResponse> PostJournalEntry(PostJournalEntryRequest request, ServerCallContext context)
    {
        var input = JournalEntryInput.From(request.Entry, chart);
        var (entry, duplicate) = await writer.PostAsync(input, context.CancellationToken, Periods.PeriodRule.RefuseClosed);
        LogPosted(logger, entry.Id, entry.SourceKey, entry.Lines.Count, duplicate);
        return new PostJournalEntryResponse { Entry = entry.ToContract(), Duplicate = duplicate };
    }

    public override Task<GetTrialBalanceResponse> GetTrialBalance(GetTrialBalanceRequest request, ServerCallContext context)
    {
        var asOf = JournalEntryInput.ParseDate(request.AsOfDate, "as_of_date");
        var from = JournalEntryInput.ParseDate(request.FromDate, "from_date");
        var currency = string.IsNullOrEmpty(request.CurrencyCode) ? null : Require.Currency(request.CurrencyCode, "currency_code");
        return trialBalance.ReadAsync(asOf, currency, context.CancellationToken, from);
    }

    public override Task<ListAccountsResponse> ListAccounts(ListAccountsRequest request, ServerCallContext context)
    {
        var response = new ListAccountsResponse();
        response.Accounts.AddRange(chart.Accounts.Select(a => a.Clone()));
        return Task.FromResult(response);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal entry {EntryId} for {SourceKey} with {LineCount} lines (duplicate: {Duplicate})")]
    private static partial void LogPosted(ILogger logger, string entryId, string sourceKey, int lineCount, bool duplicate);
}
