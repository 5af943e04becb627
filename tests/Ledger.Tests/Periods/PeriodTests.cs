using Grpc.Core;
using Integration.Contracts.Ledger.V1;
using Integration.Ledger.Periods;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Entries;

namespace Integration.Ledger.Tests.Periods;

public sealed class PeriodTests(LedgerFactory factory) : IClassFixture<LedgerFactory>
{
    private readonly LedgerService.LedgerServiceClient _ledger = factory.CreateLedgerClient();
    private readonly PeriodService.PeriodServiceClient _periods = new(factory.CreateGrpcChannel());

    private Task<ClosePeriodResponse> CloseAsync(string period, string actor = "controller@example.com", string reason = "month-end close") =>
        _periods.ClosePeriodAsync(new ClosePeriodRequest { Period = period, Actor = actor, Reason = reason }).ResponseAsync;

    private Task<ReopenPeriodResponse> ReopenAsync(string period, string actor = "cfo@example.com", string reason = "late invoice") =>
        _periods.ReopenPeriodAsync(new ReopenPeriodRequest { Period = period, Actor = actor, Reason = reason }).ResponseAsync;

    private static JournalEntry Sale(string key, string date) =>
        Entry(key, date, Debit("1100", 119.00m), Credit("2200", 100.00m), Credit("2100", 19.00m));

    [Fact]
    public async Task Close_and_reopen_are_audited_with_actor_and_reason_and_a_repeat_changes_nothing()
    {
        var closed = await CloseAsync("2025-01", "anna", "January done");
        var again = await CloseAsync("2025-01", "bert", "double click");
        var reopened = await ReopenAsync("2025-01", "carla", "supplier credit note arrived");
        var reopenedAgain = await ReopenAsync("2025-01", "dora", "again");

        Assert.True(closed.Changed);
        Assert.True(closed.Period.Closed);
        Assert.False(again.Changed);
        Assert.True(again.Period.Closed);
        Assert.True(reopened.Changed);
        Assert.False(reopened.Period.Closed);
        Assert.False(reopenedAgain.Changed);
        Assert.Equal(["close anna January done", "reopen carla supplier credit note arrived"],
            reopenedAgain.Period.Actions.Select(a => $"{a.Action} {a.Actor} {a.Reason}"));
        Assert.Equal("carla", reopenedAgain.Period.ChangedBy);

        var listed = await _periods.ListPeriodsAsync(new ListPeriodsRequest());
        var january = Assert.Single(listed.Periods, p => p.Period == "2025-01");
        Assert.False(january.Closed);
        Assert.Equal(2, january.Actions.Count);
        Assert.DoesNotContain(
            (await _periods.ListPeriodsAsync(new ListPeriodsRequest { ClosedOnly = true })).Periods, p => p.Period == "2025-01");
    }

    [Theory]
    [InlineData("2025-13", "x", "y", StatusCode.InvalidArgument, "period")]
    [InlineData("March", "x", "y", StatusCode.InvalidArgument, "period")]
    [InlineData("2025-02", "", "y", StatusCode.InvalidArgument, "actor")]
    [InlineData("2025-02", "x", " ", StatusCode.InvalidArgument, "reason")]
    [InlineData("2099-01", "x", "y", StatusCode.FailedPrecondition, "has not ended")]
    public async Task Bad_close_requests_are_refused_with_a_reason(string period, string actor, string reason, StatusCode code, string detail)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CloseAsync(period, actor, reason));

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(detail, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manual_entry_dated_in_a_closed_period_is_refused_and_posts_after_the_reopen()
    {
        var before = await _ledger.PostAsync(Sale("manual:p-1", "2025-03-10"));
        await CloseAsync("2025-03");

        var error = await Assert.ThrowsAsync<RpcException>(() => _ledger.PostAsync(Sale("manual:p-2", "2025-03-31")));
        // A retry of what was posted before the close is still answered as the duplicate it is.
        var retry = await _ledger.PostAsync(Sale("manual:p-1", "2025-03-10"));
        var nextMonth = await _ledger.PostAsync(Sale("manual:p-3", "2025-04-01"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("2025-03 is closed", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(retry.Duplicate);
        Assert.Equal(before.Entry, retry.Entry);
        Assert.Equal("2025-04", nextMonth.Entry.Period);
        var march = await _ledger.TrialBalanceAsync("2025-03-31", "EUR");
        Assert.Equal(119.00m, march.DebitTotal("EUR") - (await _ledger.TrialBalanceAsync("2025-02-28", "EUR")).DebitTotal("EUR"));

        await ReopenAsync("2025-03");
        var posted = await _ledger.PostAsync(Sale("manual:p-2", "2025-03-31"));
        Assert.Equal("2025-03", posted.Entry.Period);
        Assert.Equal("2025-03-31", posted.Entry.PostingDate);
    }

    [Fact]
    public async Task Policy_rolls_a_date_of_a_closed_period_past_every_closed_month_to_the_first_open_one()
    {
        await CloseAsync("2023-12");
        await CloseAsync("2024-01");
        await CloseAsync("2024-02");

        await using var scope = factory.Services.CreateAsyncScope();
        var policy = scope.ServiceProvider.GetRequiredService<PeriodPolicy>();

        var late = await policy.ResolveAsync(new DateOnly(2023, 12, 31), CancellationToken.None);
        var open = await policy.ResolveAsync(new DateOnly(2023, 11, 30), CancellationToken.None);

        Assert.Equal(new PostingPeriod(new DateOnly(2024, 3, 1), "2024-03", new DateOnly(2023, 12, 31)), late);
        Assert.True(late.RolledForward);
        Assert.Equal(new PostingPeriod(new DateOnly(2023, 11, 30), "2023-11", new DateOnly(2023, 11, 30)), open);
        Assert.False(open.RolledForward);
        await Assert.ThrowsAsync<ServiceDefaults.Errors.PreconditionFailedException>(
            () => policy.RequireOpenAsync(new DateOnly(2024, 2, 29), CancellationToken.None));
    }
}
