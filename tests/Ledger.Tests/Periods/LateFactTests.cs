using Integration.Contracts.Events.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Postings.LedgerEvents;

namespace Integration.Ledger.Tests.Periods;

/// <summary>Facts from events that arrive after their month was closed, through the real posting handlers.</summary>
public sealed class LateFactTests : IDisposable
{
    private readonly LedgerFactory _factory = new();
    private readonly LedgerService.LedgerServiceClient _ledger;
    private readonly PeriodService.PeriodServiceClient _periods;

    public LateFactTests()
    {
        _ledger = _factory.CreateLedgerClient();
        _periods = new PeriodService.PeriodServiceClient(_factory.CreateGrpcChannel());
    }

    public void Dispose() => _factory.Dispose();

    private static OrderPlaced Placed(string orderId) => new()
    {
        OrderId = orderId, Channel = "shopify-eu", ExternalOrderId = "2001", CurrencyCode = "EUR", PlacedAt = At(2026, 10, 30), OccurredAt = At(2026, 10, 30),
        Lines = { Line("L1", "TEE", 2, 20.00m, 7.60m) },
    };

    private static OrderPaid Paid(string orderId) => new()
    {
        OrderId = orderId, PaymentId = "T1", Gateway = "shopify_payments", Amount = 47.60m.ToMoney("EUR"), CapturedTotal = 47.60m.ToMoney("EUR"), OccurredAt = At(2026, 10, 30),
    };

    private static OrderShipped Shipped(string orderId) => new()
    {
        OrderId = orderId, ShipmentId = "S1", LocationId = "WH1", OccurredAt = At(2026, 10, 31),
        Lines = { new ShippedLine { LineId = "L1", Sku = "TEE", Quantity = 2 } },
    };

    private async Task<decimal> BalanceAsync(string account, string asOf)
    {
        var trial = await _ledger.GetTrialBalanceAsync(new GetTrialBalanceRequest { AsOfDate = asOf, CurrencyCode = "EUR" });
        Assert.True(trial.Balanced);
        return trial.Lines.SingleOrDefault(l => l.Account.Number == account)?.Balance.ToDecimal() ?? 0m;
    }

    [Fact]
    public async Task A_late_shipment_posts_on_the_first_day_of_the_next_open_period_with_its_original_date()
    {
        await _factory.DeliverAsync(Cost("TEE", 6.00m));
        await _factory.DeliverAsync(Placed("O-LATE"));
        await _factory.DeliverAsync(Paid("O-LATE"));
        var octoberRevenue = await BalanceAsync("4000", "2026-10-31");
        var octoberDeferred = await BalanceAsync("2200", "2026-10-31");
        await _periods.ClosePeriodAsync(new ClosePeriodRequest { Period = "2026-10", Actor = "controller", Reason = "October close" });

        // The shipment happened on 31 October; its event arrives after the close.
        Assert.Equal("SUCCESS", await _factory.DeliverAsync(Shipped("O-LATE"), "ship-late-1"));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var entry = await db.JournalEntries.AsNoTracking().SingleAsync(e => e.SourceKey == "event:ship-late-1");
        Assert.Equal(new DateOnly(2026, 11, 1), entry.PostingDate);
        Assert.Equal("2026-11", entry.Period);
        Assert.Equal(new DateOnly(2026, 10, 31), entry.OriginalDate);
        // The closed month is exactly as it was closed; November carries the recognition.
        Assert.Equal(0m, octoberRevenue);
        Assert.Equal(octoberRevenue, await BalanceAsync("4000", "2026-10-31"));
        Assert.Equal(octoberDeferred, await BalanceAsync("2200", "2026-10-31"));
        Assert.Equal(-40.00m, await BalanceAsync("4000", "2026-11-01"));
        Assert.Equal(0m, await BalanceAsync("2200", "2026-11-01"));
    }
}
