using CsCheck;
using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using JournalLine = Integration.Ledger.Data.Journal.JournalLine;
using Integration.Ledger.Data.Postings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Postings.LedgerEvents;

namespace Integration.Ledger.Tests.Postings;

/// <summary>
/// Random order histories (partial payments, shipments before or after payment, refunds of shipped and unshipped units
/// with and without restock) through the real event routes of one Ledger: the books balance, deferred revenue net of
/// receivables equals the paid-but-unshipped value computed here from the facts, revenue equals what shipped, a
/// redelivered fact posts nothing, and reconciliation finds no difference.
/// </summary>
public sealed class RandomHistoryProperties : IDisposable
{
    private static readonly string[] Skus = ["SKU-A", "SKU-B", "SKU-C"];
    private readonly LedgerFactory _factory = new();
    private readonly LedgerService.LedgerServiceClient _client;
    private int _orders;

    public RandomHistoryProperties() => _client = _factory.CreateLedgerClient();

    public void Dispose() => _factory.Dispose();

    internal sealed record LineSpec(long Quantity, long PriceCents, bool Reduced);

    internal sealed record Spec(List<LineSpec> Lines, long ShippingCents, int Payments, List<int> ShipSplits, int Refunds, int Seed);

    internal static readonly Gen<Spec> Specs = Gen.Select(
        Gen.Select(Gen.Long[1, 4], Gen.Long[100, 9_999], Gen.Bool, (q, p, r) => new LineSpec(q, p, r)).List[1, 3],
        Gen.Long[0, 999], Gen.Int[1, 3], Gen.Int[0, 2].List[3], Gen.Int[0, 2], Gen.Int,
        (lines, shipping, payments, splits, refunds, seed) => new Spec(lines, shipping, payments, splits, refunds, seed));

    [Fact]
    public async Task Random_histories_keep_the_books_right()
    {
        foreach (var sku in Skus)
        {
            await _factory.DeliverAsync(Cost(sku, 2.50m));
        }

        var delivered = new List<(IMessage Event, string Id)>();
        await Specs.SampleAsync(async spec =>
        {
            var random = new Random(spec.Seed);
            var orderId = $"PROP-{Interlocked.Increment(ref _orders)}";
            var (events, deferredLessReceivable, revenue, returns) = History(orderId, spec, random);
            foreach (var evt in events)
            {
                var id = Guid.NewGuid().ToString("N");
                Assert.Equal("SUCCESS", await _factory.DeliverAsync(evt, id));
                delivered.Add((evt, id));
            }

            var balances = await BalancesAsync();
            var redelivered = delivered[random.Next(delivered.Count)];
            await _factory.DeliverAsync(redelivered.Event, redelivered.Id);

            Assert.Equal(balances, await BalancesAsync());
            var order = await OrderBalancesAsync(orderId);
            var expected = (DeferredLessReceivable: deferredLessReceivable, Revenue: revenue, Returns: returns);
            var actual = (-order.GetValueOrDefault("2200") - order.GetValueOrDefault("1200"), -order.GetValueOrDefault("4000") - order.GetValueOrDefault("4100"), order.GetValueOrDefault("4300"));
            Assert.True(expected == actual, $"{orderId}: expected {expected}, journal {actual}; facts: {string.Join(" | ", events.Select(e => e.ToString()))}");
            Assert.Empty((await _client.ReconcileAsync(new ReconcileRequest { OrderId = orderId })).Differences);
        }, iter: 40, threads: 1);

        Assert.Empty((await _client.ReconcileAsync(new ReconcileRequest())).Differences);
        Assert.Empty((await _client.ListHeldPostingsAsync(new ListHeldPostingsRequest())).Held);
    }

    /// <summary>Balances in cents, debit positive; the trial balance must balance.</summary>
    private async Task<Dictionary<string, long>> BalancesAsync()
    {
        var trial = await _client.GetTrialBalanceAsync(new GetTrialBalanceRequest { CurrencyCode = "EUR" });
        Assert.True(trial.Balanced);
        return trial.Lines.ToDictionary(l => l.Account.Number, l => (long)(l.Balance.ToDecimal() * 100));
    }

    /// <summary>This order's postings per account in cents (debit positive), straight from the journal tables.</summary>
    private async Task<Dictionary<string, long>> OrderBalancesAsync(string orderId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var entries = db.Set<PostingRecord>().Where(r => r.OrderId == orderId).Select(r => r.EntryId);
        return await db.JournalEntries.Where(e => entries.Contains(e.Id)).SelectMany(e => e.Lines).Where(l => l.Currency == "EUR")
            .GroupBy(l => l.AccountNumber)
            .ToDictionaryAsync(g => g.Key, g => g.Sum(l => l.Side == JournalLine.DebitSide ? l.AmountMinor : -l.AmountMinor));
    }

    private static long Round(decimal value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);

    /// <summary>The facts of one order and, computed independently from them, what the books must show (cents).</summary>
    internal static (List<IMessage> Events, long DeferredLessReceivable, long Revenue, long Returns) History(string orderId, Spec spec, Random random)
    {
        var placed = new OrderPlaced { OrderId = orderId, Channel = "web", CurrencyCode = "EUR", PlacedAt = At(2026, 11, 2), OccurredAt = At(2026, 11, 2) };
        var nets = new List<long>();
        var taxes = new List<long>();
        for (var i = 0; i < spec.Lines.Count; i++)
        {
            var line = spec.Lines[i];
            var net = line.Quantity * line.PriceCents;
            var rate = line.Reduced ? 0.07m : 0.19m;
            var tax = Round(net * rate);
            nets.Add(net);
            taxes.Add(tax);
            placed.Lines.Add(Line($"L{i}", Skus[i], line.Quantity, line.PriceCents / 100m, tax / 100m, rate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var shippingTax = Round(spec.ShippingCents * 0.19m);
        placed.ShippingLines.Add(new PlacedShippingLine
        {
            Title = "Post", Price = (spec.ShippingCents / 100m).ToMoney("EUR"),
            TaxLines = { new OrderTaxLine { Title = "VAT 19%", Rate = "0.19", Amount = (shippingTax / 100m).ToMoney("EUR") } },
        });
        var total = nets.Sum() + taxes.Sum() + spec.ShippingCents + shippingTax;

        // Payments that add up to the total, and shipments of random parts of each line, interleaved at random.
        var steps = new List<IMessage>();
        long paid = 0;
        for (var p = 0; p < spec.Payments; p++)
        {
            var amount = p == spec.Payments - 1 ? total - paid : random.NextInt64(0, total - paid + 1);
            paid += amount;
            steps.Add(new OrderPaid
            {
                OrderId = orderId, PaymentId = $"P{p}", Gateway = "stripe", Amount = (amount / 100m).ToMoney("EUR"),
                CapturedTotal = (paid / 100m).ToMoney("EUR"), OccurredAt = At(2026, 11, 3),
            });
        }

        var shipped = new long[spec.Lines.Count];
        for (var s = 0; s < spec.ShipSplits.Count; s++)
        {
            var shipment = new OrderShipped { OrderId = orderId, ShipmentId = $"S{s}", LocationId = "WH1", OccurredAt = At(2026, 11, 4) };
            for (var i = 0; i < spec.Lines.Count; i++)
            {
                var quantity = random.NextInt64(0, spec.Lines[i].Quantity - shipped[i] + 1);
                if (quantity > 0 && spec.ShipSplits[s] > 0)
                {
                    shipment.Lines.Add(new ShippedLine { LineId = $"L{i}", Sku = Skus[i], Quantity = quantity });
                    shipped[i] += quantity;
                }
            }

            if (shipment.Lines.Count > 0)
            {
                steps.Add(shipment);
            }
        }

        var events = new List<IMessage> { placed };
        events.AddRange(steps.OrderBy(_ => random.Next()));
        long revenue = 0;
        for (var i = 0; i < nets.Count; i++)
        {
            revenue += Round((decimal)nets[i] * shipped[i] / spec.Lines[i].Quantity);
        }

        revenue += shipped.Any(q => q > 0) ? spec.ShippingCents : 0;

        // Refunds after the money is in: units not yet shipped count first (a cancellation of them), then shipped ones (a return).
        long unshippedRefunds = 0, returns = 0;
        var refunded = new long[spec.Lines.Count];
        var refundedUnshipped = new long[spec.Lines.Count];
        for (var r = 0; r < spec.Refunds; r++)
        {
            var i = random.Next(spec.Lines.Count);
            var left = spec.Lines[i].Quantity - refunded[i];
            if (left == 0)
            {
                continue;
            }

            var units = random.NextInt64(1, left + 1);
            var subtotal = Round((decimal)nets[i] * units / spec.Lines[i].Quantity);
            var tax = Round((decimal)taxes[i] * units / spec.Lines[i].Quantity);
            var unshipped = Math.Min(units, spec.Lines[i].Quantity - shipped[i] - refundedUnshipped[i]);
            var fromDeferred = Round((decimal)subtotal * unshipped / units);
            unshippedRefunds += fromDeferred;
            returns += subtotal - fromDeferred;
            refundedUnshipped[i] += unshipped;
            refunded[i] += units;
            events.Add(new OrderRefunded
            {
                OrderId = orderId, RefundId = $"R{r}", Amount = ((subtotal + tax) / 100m).ToMoney("EUR"), OccurredAt = At(2026, 11, 6),
                Lines =
                {
                    new RefundedLine
                    {
                        LineId = $"L{i}", Sku = Skus[i], Quantity = units, RestockType = unshipped == units ? "cancel" : "return", LocationId = "WH1",
                        Subtotal = (subtotal / 100m).ToMoney("EUR"), TotalTax = (tax / 100m).ToMoney("EUR"),
                    },
                },
                Transactions = { new RefundedTransaction { TransactionId = $"RT{r}", Gateway = "stripe", Amount = ((subtotal + tax) / 100m).ToMoney("EUR") } },
            });
        }

        var netPaid = total - taxes.Sum() - shippingTax;
        return (events, netPaid - revenue - unshippedRefunds, revenue, returns);
    }
}
