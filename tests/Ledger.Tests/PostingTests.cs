using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using static Integration.Ledger.Tests.Entries;

namespace Integration.Ledger.Tests;

public sealed class PostingTests(LedgerFactory factory) : IClassFixture<LedgerFactory>
{
    private readonly LedgerService.LedgerServiceClient _client = factory.CreateLedgerClient();

    private static JournalEntry Sale(string key, decimal net = 100.00m, decimal tax = 19.00m) =>
        Entry(key, "2026-03-15",
            Debit("1100", net + tax, memo: "card capture"),
            Credit("2200", net),
            Credit("2100", tax));

    [Fact]
    public async Task Posted_entry_comes_back_with_its_period_lines_and_exact_amounts()
    {
        var before = DateTime.UtcNow.AddSeconds(-5);

        var posted = await _client.PostAsync(Sale("order:1001:paid", 100.10m, 19.02m));

        Assert.False(posted.Duplicate);
        var entry = posted.Entry;
        Assert.Matches("^[0-9a-f]{32}$", entry.EntryId);
        Assert.Equal("order:1001:paid", entry.SourceKey);
        Assert.Equal("2026-03-15", entry.PostingDate);
        Assert.Equal("2026-03", entry.Period);
        Assert.Equal("test order:1001:paid", entry.Description);
        Assert.InRange(entry.PostedAt.ToDateTime(), before, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(["1100", "2200", "2100"], entry.Lines.Select(l => l.AccountNumber));
        Assert.Equal([Side.Debit, Side.Credit, Side.Credit], entry.Lines.Select(l => l.Side));
        Assert.Equal([119.12m, 100.10m, 19.02m], entry.Lines.Select(l => l.Amount.ToDecimal()));
        Assert.All(entry.Lines, l => Assert.Equal("EUR", l.Amount.CurrencyCode));
        Assert.Equal("card capture", entry.Lines[0].Memo);
    }

    [Fact]
    public async Task Same_source_key_with_the_same_body_returns_the_first_entry_as_a_duplicate()
    {
        var first = await _client.PostAsync(Sale("order:1002:paid"));
        var again = await _client.PostAsync(Sale("order:1002:paid"));

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Entry, again.Entry);
    }

    [Fact]
    public async Task Same_source_key_with_a_different_body_is_refused_with_AlreadyExists()
    {
        var first = await _client.PostAsync(Sale("order:1003:paid"));

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(Sale("order:1003:paid", 100.00m, 20.00m)));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains(first.Entry.EntryId, error.Status.Detail, StringComparison.Ordinal);
        var again = await _client.PostAsync(Sale("order:1003:paid"));
        Assert.True(again.Duplicate);
        Assert.Equal(first.Entry, again.Entry);
    }

    [Fact]
    public async Task An_unbalanced_entry_is_refused_and_nothing_is_stored_under_its_key()
    {
        var unbalanced = Entry("order:1004:paid", "2026-03-15", Debit("1100", 10.00m), Credit("4000", 9.99m));

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(unbalanced));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("entry.lines: entry does not balance in EUR: debits 10.00, credits 9.99", error.Status.Detail);
        Assert.Equal("entry.lines", error.Trailers.GetValue("field"));

        // Had anything been stored, a different body under the same key would be refused.
        var balanced = await _client.PostAsync(Entry("order:1004:paid", "2026-03-15", Debit("1100", 10.00m), Credit("4000", 10.00m)));
        Assert.False(balanced.Duplicate);
    }

    [Fact]
    public async Task Balance_is_checked_per_currency()
    {
        // 10 EUR against 10 USD "balances" in sum but not in any currency.
        var mixed = Entry("fx:1", "2026-03-15", Debit("1100", 10m, "EUR"), Credit("4000", 10m, "USD"));

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(mixed));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("entry.lines: entry does not balance in EUR: debits 10.00, credits 0.00", error.Status.Detail);
    }

    [Fact]
    public async Task An_account_missing_from_the_chart_is_refused_naming_it()
    {
        var entry = Entry("manual:unknown-account", "2026-03-15", Debit("1100", 5m), Credit("9999", 5m));

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(entry));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("entry.lines[1].account_number", error.Trailers.GetValue("field"));
        Assert.Contains("'9999' is not in the chart of accounts", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<JournalEntry>> BadEntries => new()
    {
        { "entry.source_key", e => e.SourceKey = "  " },
        { "entry.source_key", e => e.SourceKey = new string('k', 201) },
        { "entry.posting_date", e => e.PostingDate = "" },
        { "entry.posting_date", e => e.PostingDate = "2026-02-30" },
        { "entry.posting_date", e => e.PostingDate = "15.03.2026" },
        { "entry.posting_date", e => e.PostingDate = "2026-3-15" },
        { "entry.description", e => e.Description = new string('d', 501) },
        { "entry.lines", e => e.Lines.RemoveAt(1) },
        { "entry.lines", e => e.Lines.AddRange(Enumerable.Range(0, 499).Select(_ => Debit("1100", 1m))) },
        { "entry.lines[0].account_number", e => e.Lines[0].AccountNumber = "" },
        { "entry.lines[1].side", e => e.Lines[1].Side = Side.Unspecified },
        { "entry.lines[0].amount", e => e.Lines[0].Amount = null },
        { "entry.lines[0].amount", e => { e.Lines[0].Amount = 0m.ToMoney("EUR"); e.Lines[1].Amount = 0m.ToMoney("EUR"); } },
        { "entry.lines[0].amount", e => e.Lines[0].Amount = (-5m).ToMoney("EUR") },
        { "entry.lines[0].amount", e => { e.Lines[0].Amount = 5.001m.ToMoney("EUR"); e.Lines[1].Amount = 5.001m.ToMoney("EUR"); } },
        { "entry.lines[0].amount", e => { e.Lines[0].Amount = 5.5m.ToMoney("JPY"); e.Lines[1].Amount = 5.5m.ToMoney("JPY"); } },
        { "entry.lines[0].amount", e => { e.Lines[0].Amount = 1_000_000_000_000m.ToMoney("EUR"); e.Lines[1].Amount = 1_000_000_000_000m.ToMoney("EUR"); } },
        { "entry.lines[0].amount.currency_code", e => e.Lines[0].Amount.CurrencyCode = "EURO" },
        { "entry.lines[1].memo", e => e.Lines[1].Memo = new string('m', 501) },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public async Task Bad_input_is_refused_with_InvalidArgument_naming_the_field(string field, Action<JournalEntry> spoil)
    {
        var key = "manual:bad-" + Guid.NewGuid().ToString("N");
        var entry = Entry(key, "2026-03-15", Debit("1100", 5m), Credit("4000", 5m));
        spoil(entry);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(entry));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(field, error.Trailers.GetValue("field"));
    }

    [Fact]
    public async Task A_request_without_an_entry_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.PostJournalEntryAsync(new PostJournalEntryRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("entry", error.Trailers.GetValue("field"));
    }

    [Fact]
    public async Task Twenty_concurrent_posts_of_one_source_key_store_one_entry()
    {
        var posts = Enumerable.Range(0, 20).Select(_ => Task.Run(() => _client.PostAsync(Sale("order:race:paid", 50m, 9.50m))));

        var results = await Task.WhenAll(posts);

        Assert.Single(results, r => !r.Duplicate);
        Assert.Single(results.Select(r => r.Entry.EntryId).Distinct());
        Assert.All(results, r => Assert.Equal(results[0].Entry, r.Entry));
    }

    [Fact]
    public async Task The_chart_of_accounts_is_listed_in_number_order_with_its_types()
    {
        var chart = await _client.ListAccountsAsync(new ListAccountsRequest());

        Assert.Equal(
            ["1100", "1200", "1300", "2100", "2200", "3000", "4000", "4100", "4200", "4300", "5000", "5100", "5200"],
            chart.Accounts.Select(a => a.Number));
        var byNumber = chart.Accounts.ToDictionary(a => a.Number);
        Assert.Equal(new Account { Number = "1100", Name = "Payment clearing", Type = AccountType.Asset }, byNumber["1100"]);
        Assert.Equal(AccountType.Liability, byNumber["2200"].Type);
        Assert.Equal(AccountType.Equity, byNumber["3000"].Type);
        Assert.Equal(AccountType.Revenue, byNumber["4000"].Type);
        Assert.Equal(AccountType.Expense, byNumber["5000"].Type);
    }
}
