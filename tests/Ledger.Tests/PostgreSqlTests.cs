using Grpc.Core;
using Integration.Contracts.Money;
using Integration.Testing;
using static Integration.Ledger.Tests.Entries;

namespace Integration.Ledger.Tests;

/// <summary>The same service on a real PostgreSQL: its SUM over bigint and its unique-violation errors differ from SQLite's.</summary>
public sealed class PostgreSqlTests
{
    [Fact]
    public async Task Posting_idempotency_and_the_trial_balance_work_on_postgresql()
    {
        using var factory = LedgerFactory.OnPostgreSql(await PostgresServer.CreateDatabaseAsync("ledgerdb"));
        var client = factory.CreateLedgerClient();

        var first = await client.PostAsync(Entry("pg:1", "2026-03-01", Debit("1100", 0.10m), Credit("4000", 0.10m)));
        await client.PostAsync(Entry("pg:2", "2026-03-02", Debit("1100", 0.20m), Credit("4000", 0.20m)));
        await client.PostAsync(Entry("pg:3", "2026-03-03", Debit("1200", 1.234m, "KWD"), Credit("4000", 1.234m, "KWD")));
        await client.PostAsync(Entry("pg:4", "2026-04-01", Debit("1100", 1999m, "JPY"), Credit("4000", 1999m, "JPY")));
        var racers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => client.PostAsync(Entry("pg:race", "2026-03-04", Debit("5000", 2.50m), Credit("1300", 2.50m))))));
        var again = await client.PostAsync(Entry("pg:1", "2026-03-01", Debit("1100", 0.10m), Credit("4000", 0.10m)));
        var conflict = await Assert.ThrowsAsync<RpcException>(() =>
            client.PostAsync(Entry("pg:1", "2026-03-01", Debit("1100", 0.11m), Credit("4000", 0.11m))));

        Assert.True(again.Duplicate);
        Assert.Equal(first.Entry, again.Entry);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Single(racers, r => !r.Duplicate);
        Assert.Single(racers.Select(r => r.Entry.EntryId).Distinct());

        var march = await client.TrialBalanceAsync(asOfDate: "2026-03-31");
        Assert.True(march.Balanced);
        Assert.Equal(0.30m, march.Line("1100", "EUR")!.DebitTotal.ToDecimal());
        Assert.Equal(-0.30m, march.Line("4000", "EUR")!.Balance.ToDecimal());
        Assert.Equal(2.50m, march.Line("5000", "EUR")!.DebitTotal.ToDecimal());
        Assert.Equal(1.234m, march.Line("1200", "KWD")!.DebitTotal.ToDecimal());
        Assert.Null(march.Line("1100", "JPY"));
        Assert.Equal(["EUR", "KWD"], march.Totals.Select(t => t.DebitTotal.CurrencyCode));
        Assert.Equal(2.80m, march.DebitTotal("EUR"));

        var all = await client.TrialBalanceAsync();
        Assert.Equal(1999m, all.Line("1100", "JPY")!.DebitTotal.ToDecimal());
    }
}
