using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using static Integration.Ledger.Tests.Entries;

namespace Integration.Ledger.Tests;

/// <summary>Each test gets an empty ledger of its own, so totals are exactly what it posted.</summary>
public sealed class TrialBalanceTests : IDisposable
{
    private readonly LedgerFactory _factory = new();
    private readonly LedgerService.LedgerServiceClient _client;

    public TrialBalanceTests() => _client = _factory.CreateLedgerClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Totals_are_exact_at_each_currencys_precision()
    {
        await _client.PostAsync(Entry("s:1", "2026-03-01", Debit("1100", 0.10m), Credit("4000", 0.10m)));
        await _client.PostAsync(Entry("s:2", "2026-03-02", Debit("1100", 0.20m), Credit("4000", 0.20m)));
        await _client.PostAsync(Entry("s:3", "2026-03-03", Debit("1100", 1999m, "JPY"), Credit("4000", 1500m, "JPY"), Credit("2100", 499m, "JPY")));
        await _client.PostAsync(Entry("s:4", "2026-03-04", Debit("1200", 1.234m, "KWD"), Debit("1200", 0.001m, "KWD"), Credit("4000", 1.235m, "KWD")));

        var balance = await _client.TrialBalanceAsync();

        Assert.True(balance.Balanced);
        Assert.Equal(
            [("1100", "EUR"), ("1100", "JPY"), ("1200", "KWD"), ("2100", "JPY"), ("4000", "EUR"), ("4000", "JPY"), ("4000", "KWD")],
            balance.Lines.Select(l => (l.Account.Number, l.DebitTotal.CurrencyCode)));

        var clearing = balance.Line("1100", "EUR")!;
        Assert.Equal(new Account { Number = "1100", Name = "Payment clearing", Type = AccountType.Asset }, clearing.Account);
        Assert.Equal(0.30m.ToMoney("EUR"), clearing.DebitTotal);
        Assert.Equal(300_000_000, clearing.DebitTotal.Nanos);
        Assert.Equal(0m, clearing.CreditTotal.ToDecimal());
        Assert.Equal(0.30m, clearing.Balance.ToDecimal());

        var revenue = balance.Line("4000", "EUR")!;
        Assert.Equal(0.30m, revenue.CreditTotal.ToDecimal());
        Assert.Equal(-0.30m, revenue.Balance.ToDecimal());
        Assert.Equal(new Contracts.Common.V1.Money { CurrencyCode = "EUR", Units = 0, Nanos = -300_000_000 }, revenue.Balance);

        Assert.Equal(-1500m, balance.Line("4000", "JPY")!.Balance.ToDecimal());
        Assert.Equal(1999m, balance.Line("1100", "JPY")!.DebitTotal.ToDecimal());
        Assert.Equal(1.235m, balance.Line("1200", "KWD")!.DebitTotal.ToDecimal());
        Assert.Equal(-1.235m, balance.Line("4000", "KWD")!.Balance.ToDecimal());

        Assert.Equal(["EUR", "JPY", "KWD"], balance.Totals.Select(t => t.DebitTotal.CurrencyCode));
        Assert.Equal([0.30m, 1999m, 1.235m], balance.Totals.Select(t => t.DebitTotal.ToDecimal()));
        Assert.Equal([0.30m, 1999m, 1.235m], balance.Totals.Select(t => t.CreditTotal.ToDecimal()));
    }

    [Fact]
    public async Task As_of_date_includes_that_day_and_excludes_later_entries()
    {
        await _client.PostAsync(Entry("d:1", "2026-01-31", Debit("1300", 40m), Credit("3000", 40m)));
        await _client.PostAsync(Entry("d:2", "2026-02-01", Debit("5100", 6m), Credit("1300", 6m)));
        await _client.PostAsync(Entry("d:3", "2026-02-02", Debit("5100", 1m), Credit("1300", 1m)));

        var january = await _client.TrialBalanceAsync(asOfDate: "2026-01-31");
        var firstOfFebruary = await _client.TrialBalanceAsync(asOfDate: "2026-02-01");
        var all = await _client.TrialBalanceAsync();

        Assert.Equal(["1300", "3000"], january.Lines.Select(l => l.Account.Number));
        Assert.Equal(40m, january.Line("1300", "EUR")!.Balance.ToDecimal());
        Assert.Equal(34m, firstOfFebruary.Line("1300", "EUR")!.Balance.ToDecimal());
        Assert.Equal(6m, firstOfFebruary.Line("5100", "EUR")!.DebitTotal.ToDecimal());
        Assert.Equal(33m, all.Line("1300", "EUR")!.Balance.ToDecimal());
        Assert.Equal(47m, all.DebitTotal("EUR"));
        Assert.True(january.Balanced && firstOfFebruary.Balanced && all.Balanced);
        Assert.Empty((await _client.TrialBalanceAsync(asOfDate: "2025-12-31")).Lines);
    }

    [Fact]
    public async Task Currency_filter_keeps_one_currency()
    {
        await _client.PostAsync(Entry("c:1", "2026-03-01", Debit("1100", 10m, "EUR"), Credit("4000", 10m, "EUR")));
        await _client.PostAsync(Entry("c:2", "2026-03-01", Debit("1100", 12m, "USD"), Credit("4000", 12m, "USD")));

        var usd = await _client.TrialBalanceAsync(currency: "USD");

        Assert.All(usd.Lines, l => Assert.Equal("USD", l.DebitTotal.CurrencyCode));
        Assert.Equal(2, usd.Lines.Count);
        Assert.Equal(12m, Assert.Single(usd.Totals).DebitTotal.ToDecimal());
    }

    [Fact]
    public async Task An_empty_ledger_has_an_empty_balanced_trial_balance()
    {
        var balance = await _client.TrialBalanceAsync();

        Assert.Empty(balance.Lines);
        Assert.Empty(balance.Totals);
        Assert.True(balance.Balanced);
    }

    [Theory]
    [InlineData("2026-02-30", "", "as_of_date")]
    [InlineData("yesterday", "", "as_of_date")]
    [InlineData("", "EURO", "currency_code")]
    [InlineData("", "eur", "currency_code")]
    public async Task Bad_filters_are_refused_naming_the_field(string asOf, string currency, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.TrialBalanceAsync(asOf, currency));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue("field"));
    }

    [Fact]
    public async Task Twenty_concurrent_posts_of_one_source_key_count_once()
    {
        var entry = Entry("order:race:shipped", "2026-03-05", Debit("5000", 7.77m), Credit("1300", 7.77m));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _client.PostAsync(entry))));

        var balance = await _client.TrialBalanceAsync();
        Assert.Equal(7.77m, balance.Line("5000", "EUR")!.DebitTotal.ToDecimal());
        Assert.Equal(7.77m, balance.DebitTotal("EUR"));
    }

    [Fact]
    public async Task A_refused_entry_leaves_the_trial_balance_unchanged()
    {
        await _client.PostAsync(Entry("u:1", "2026-03-01", Debit("1100", 3m), Credit("4000", 3m)));
        var before = await _client.TrialBalanceAsync();

        await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(Entry("u:2", "2026-03-01", Debit("1100", 3m), Credit("4000", 2.99m))));
        await Assert.ThrowsAsync<RpcException>(() => _client.PostAsync(Entry("u:3", "2026-03-01", Debit("1100", 3m), Credit("4999", 3m))));

        Assert.Equal(before, await _client.TrialBalanceAsync());
    }
}
