using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using static Integration.Ledger.Tests.Postings.LedgerEvents;

namespace Integration.Ledger.Tests.Postings;

public sealed class OrderPostingTests : IDisposable
{
    private readonly LedgerFactory _factory = new();
    private readonly LedgerService.LedgerServiceClient _client;

    public OrderPostingTests() => _client = _factory.CreateLedgerClient();

    public void Dispose() => _factory.Dispose();

    private static OrderPlaced Placed(string orderId) => new()
    {
        OrderId = orderId, Channel = "shopify-eu", ExternalOrderId = "1001", CurrencyCode = "EUR", PlacedAt = At(2026, 11, 2), OccurredAt = At(2026, 11, 2),
        Lines = { Line("L1", "TEE", 2, 20.00m, 7.60m), Line("L2", "MUG", 1, 10.00m, 1.90m) },
        ShippingLines = { new PlacedShippingLine { Title = "DHL", Price = 5.00m.ToMoney("EUR"), TaxLines = { new OrderTaxLine { Title = "VAT 19%", Rate = "0.19", Amount = 0.95m.ToMoney("EUR") } } } },
    };

    private static OrderPaid Paid(string orderId, decimal amount, decimal captured) => new()
    {
        OrderId = orderId, PaymentId = "T" + amount, Gateway = "shopify_payments", Amount = amount.ToMoney("EUR"), CapturedTotal = captured.ToMoney("EUR"), OccurredAt = At(2026, 11, 2),
    };

    private static OrderShipped Shipped(string orderId, string id, params (string Line, string Sku, long Quantity)[] lines)
    {
        var shipped = new OrderShipped { OrderId = orderId, ShipmentId = id, LocationId = "WH1", OccurredAt = At(2026, 11, 3) };
        shipped.Lines.AddRange(lines.Select(l => new ShippedLine { LineId = l.Line, Sku = l.Sku, Quantity = l.Quantity }));
        return shipped;
    }

    private static OrderRefunded ReturnOneTee(string orderId) => new()
    {
        OrderId = orderId, RefundId = "R1", Amount = 23.80m.ToMoney("EUR"), OccurredAt = At(2026, 11, 9),
        Lines = { new RefundedLine { LineId = "L1", Sku = "TEE", Quantity = 1, RestockType = "return", LocationId = "WH1", Subtotal = 20.00m.ToMoney("EUR"), TotalTax = 3.80m.ToMoney("EUR") } },
        Transactions = { new RefundedTransaction { TransactionId = "RT1", Gateway = "shopify_payments", Amount = 23.80m.ToMoney("EUR") } },
    };

    private async Task<Dictionary<string, decimal>> BalancesAsync()
    {
        var trial = await _client.GetTrialBalanceAsync(new GetTrialBalanceRequest { CurrencyCode = "EUR" });
        Assert.True(trial.Balanced);
        return trial.Lines.ToDictionary(l => l.Account.Number, l => l.Balance.ToDecimal());
    }

    [Fact]
    public async Task An_order_posts_payment_to_deferred_revenue_recognises_at_each_shipment_and_books_the_return_once_each()
    {
        var events = new IMessage[]
        {
            Cost("TEE", 6.00m), Cost("MUG", 3.00m), Placed("O1"), Paid("O1", 65.45m, 65.45m),
            Shipped("O1", "S1", ("L1", "TEE", 2)), Shipped("O1", "S2", ("L2", "MUG", 1)), ReturnOneTee("O1"),
        }.Select(e => (Event: e, Id: Guid.NewGuid().ToString("N"))).ToList();

        foreach (var (evt, id) in events)
        {
            Assert.Equal("SUCCESS", await _factory.DeliverAsync(evt, id));
        }

        var once = await BalancesAsync();
        // Every fact delivered again (at-least-once delivery): nothing posts twice.
        foreach (var (evt, id) in events)
        {
            await _factory.DeliverAsync(evt, id);
        }

        Assert.Equal(once, await BalancesAsync());
        Assert.Equal(41.65m, once["1100"]);
        Assert.Equal(-6.65m, once["2100"]);
        Assert.Equal(0m, once["2200"]);
        Assert.Equal(-50.00m, once["4000"]);
        Assert.Equal(-5.00m, once["4100"]);
        Assert.Equal(20.00m, once["4300"]);
        Assert.Equal(9.00m, once["5000"]);
        Assert.Equal(-9.00m, once["1300"]);
        var reconciliation = await _client.ReconcileAsync(new ReconcileRequest());
        Assert.Equal(1, reconciliation.OrdersChecked);
        Assert.Empty(reconciliation.Differences);
    }

    [Fact]
    public async Task A_partial_shipment_recognises_only_the_shipped_lines_and_the_rest_stays_deferred()
    {
        await _factory.DeliverAsync(Cost("TEE", 6.00m));
        await _factory.DeliverAsync(Cost("MUG", 3.00m));
        await _factory.DeliverAsync(Placed("O2"));
        await _factory.DeliverAsync(Paid("O2", 30.00m, 30.00m));
        await _factory.DeliverAsync(Paid("O2", 35.45m, 65.45m));
        await _factory.DeliverAsync(Shipped("O2", "S1", ("L1", "TEE", 1)));

        var balances = await BalancesAsync();
        Assert.Equal(-10.45m, balances["2100"]);
        // Paid net 55.00; recognised one tee (20.00) and shipping (5.00).
        Assert.Equal(-30.00m, balances["2200"]);
        Assert.Equal(-20.00m, balances["4000"]);
        var roll = await _client.GetDeferredRevenueRollForwardAsync(new GetDeferredRevenueRollForwardRequest { FromDate = "2026-11-01", ToDate = "2026-11-30", CurrencyCode = "EUR" });
        Assert.Equal((0m, 55.00m, 25.00m, 0m, 30.00m), (roll.Opening.ToDecimal(), roll.Paid.ToDecimal(), roll.Recognised.ToDecimal(), roll.Refunded.ToDecimal(), roll.Closing.ToDecimal()));
        Assert.Empty((await _client.ReconcileAsync(new ReconcileRequest())).Differences);
    }

    [Fact]
    public async Task Facts_that_cannot_post_are_held_in_order_and_post_when_the_cause_is_fixed()
    {
        // Payment before the order, and a shipment of a SKU whose cost the Catalog has not sent.
        await _factory.DeliverAsync(Paid("O3", 65.45m, 65.45m));
        Assert.Single((await _client.ListHeldPostingsAsync(new ListHeldPostingsRequest())).Held);
        await _factory.DeliverAsync(Cost("MUG", 3.00m));
        await _factory.DeliverAsync(Placed("O3"));
        await _factory.DeliverAsync(Shipped("O3", "S1", ("L1", "TEE", 2)));
        await _factory.DeliverAsync(Shipped("O3", "S2", ("L2", "MUG", 1)));

        var held = (await _client.ListHeldPostingsAsync(new ListHeldPostingsRequest())).Held;
        Assert.Equal(2, held.Count);
        Assert.Contains("no unit cost for SKU TEE", held[0].Reason, StringComparison.Ordinal);
        Assert.Contains("earlier fact of this order is held", held[1].Reason, StringComparison.Ordinal);
        var beforeCost = await BalancesAsync();
        Assert.Equal(-55.00m, beforeCost["2200"]);

        await _factory.DeliverAsync(Cost("TEE", 6.00m));

        Assert.Empty((await _client.ListHeldPostingsAsync(new ListHeldPostingsRequest())).Held);
        var after = await BalancesAsync();
        Assert.Equal(0m, after["2200"]);
        Assert.Equal(-50.00m, after["4000"]);
        Assert.Equal(15.00m, after["5000"]);
        Assert.Empty((await _client.ReconcileAsync(new ReconcileRequest())).Differences);
    }

    [Fact]
    public async Task Charged_tax_is_checked_per_title_within_a_cent_per_line_and_a_planted_error_is_reported_not_corrected()
    {
        await _factory.DeliverAsync(Placed("O4"));
        var wrong = Placed("O5");
        wrong.Lines[0].TaxLines[0].Amount = 7.00m.ToMoney("EUR");
        await _factory.DeliverAsync(wrong);

        var mismatches = await _factory.RecordedAsync<TaxMismatchDetected>();
        var mismatch = Assert.Single(mismatches);
        Assert.Equal("O5", mismatch.OrderId);
        var difference = Assert.Single(mismatch.Differences);
        Assert.Equal(("VAT 19%", 9.85m, 10.45m, 3), (difference.Title, difference.Charged.ToDecimal(), difference.Expected.ToDecimal(), difference.Lines));
    }

    [Fact]
    public async Task A_count_of_136_against_142_posts_six_units_of_shrinkage_at_cost()
    {
        await _factory.DeliverAsync(new StockCounted
        {
            CountId = "C1", Sku = "TEE", LocationId = "WH1", Counted = 136, SystemOnHand = 142, Variance = -6, Reason = "cycle count",
            UnitCost = 6.00m.ToMoney("EUR"), OccurredAt = At(2026, 11, 5),
        });

        var balances = await BalancesAsync();
        Assert.Equal(36.00m, balances["5100"]);
        Assert.Equal(-36.00m, balances["1300"]);
    }
}
