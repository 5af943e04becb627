using CsCheck;
using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

/// <summary>
/// Shopify delivers at least once and in no particular order. Whatever the order of placed / paid / shipped / refunded,
/// and with any of them delivered again, the order ends in the same state with each event emitted exactly once.
/// </summary>
public sealed class OutOfOrderPropertyTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();
    private int _run;

    private enum Step
    {
        Placed,
        Paid,
        Shipped,
        Refunded,
    }

    [Fact]
    public void Every_permutation_with_redeliveries_ends_in_the_same_state_with_each_event_once()
    {
        var steps = Enum.GetValues<Step>();
        // A permutation of the four facts, then some of them delivered again at random places.
        var gen = Gen.Shuffle(steps).SelectMany(order => Gen.Int[0, 3].Array[0, 3].Select(extra =>
        {
            var sequence = order.ToList();
            foreach (var index in extra)
            {
                sequence.Insert(Math.Min(sequence.Count, index * 2), order[index]);
            }

            return sequence.ToArray();
        }));
        Snapshot? reference = null;
        gen.Sample(sequence =>
        {
            var (snapshot, counts) = RunAsync(sequence).GetAwaiter().GetResult();
            reference ??= snapshot;
            return snapshot == reference
                && counts == (1, 1, 1, 1);
        }, iter: 40, threads: 1, print: s => string.Join(" > ", s));
    }

    [Fact]
    public async Task All_24_permutations_end_identically()
    {
        var permutations = Permute(Enum.GetValues<Step>()).ToList();
        Assert.Equal(24, permutations.Count);
        var results = new List<Snapshot>();
        foreach (var permutation in permutations)
        {
            var (snapshot, counts) = await RunAsync(permutation);
            Assert.Equal((1, 1, 1, 1), counts);
            results.Add(snapshot);
        }

        Assert.Single(results.Distinct());
        Assert.Equal((FinancialStatus.PartiallyRefunded, FulfillmentStatus.Shipped, 57.87m, 17.99m), (results[0].Financial, results[0].Fulfillment, results[0].Captured, results[0].Refunded));
    }

    private sealed record Snapshot(FinancialStatus Financial, FulfillmentStatus Fulfillment, decimal Captured, decimal Refunded, string Lines, string Facts, bool Held);

    private async Task<(Snapshot Snapshot, (int Placed, int Paid, int Shipped, int Refunded) Counts)> RunAsync(IEnumerable<Step> sequence)
    {
        var externalId = $"OOO-{Interlocked.Increment(ref _run)}";
        var key = new OrderKey { ChannelRef = new ChannelOrderRef { Channel = "shopify-eu", ExternalOrderId = externalId } };
        foreach (var step in sequence)
        {
            IMessage _ = step switch
            {
                Step.Placed => await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur(externalId) }),
                Step.Paid => await _client.RecordPaymentAsync(new RecordPaymentRequest
                {
                    Order = key, Payment = new Payment { PaymentId = "cap-1", Kind = PaymentKind.Sale, Gateway = "stripe", Amount = 57.87m.ToMoney("EUR") },
                }),
                Step.Shipped => await _client.RecordShipmentAsync(new RecordShipmentRequest
                {
                    Order = key,
                    Shipment = new Shipment { ShipmentId = "ship-1", LocationId = "WH1", Lines = { new ShipmentLine { ExternalLineId = "11001", Quantity = 2 } } },
                }),
                _ => await _client.RecordRefundAsync(new RecordRefundRequest
                {
                    Order = key,
                    Refund = new Refund
                    {
                        RefundId = "ref-1",
                        Lines = { new RefundLine { ExternalLineId = "11002", Quantity = 1, RestockType = RestockType.Cancel, Subtotal = 15.12m.ToMoney("EUR"), TotalTax = 2.87m.ToMoney("EUR") } },
                        Transactions = { new RefundTransaction { TransactionId = "t-1", Gateway = "stripe", Amount = 17.99m.ToMoney("EUR") } },
                    },
                }),
            };
        }

        var order = (await _client.GetOrderAsync(new GetOrderRequest { ChannelRef = key.ChannelRef })).Order;
        var events = await factory.EventsOfAsync(order.OrderId);
        var snapshot = new Snapshot(
            order.FinancialStatus, order.FulfillmentStatus, order.CapturedAmount.ToDecimal(), order.RefundedAmount.ToDecimal(),
            string.Join(";", order.Lines.Select(l => $"{l.ExternalLineId}:{l.QuantityShipped}/{l.QuantityRefunded}/{l.QuantityCancelled}")),
            string.Join(";", order.History.Select(h => $"{h.Kind}:{(h.Kind == FactKind.Placed ? "" : h.ExternalId)}:{h.State}").Order(StringComparer.Ordinal)),
            order.Held);
        return (snapshot, (events.Count(e => e is OrderPlaced), events.Count(e => e is OrderPaid), events.Count(e => e is OrderShipped), events.Count(e => e is OrderRefunded)));
    }

    private static IEnumerable<Step[]> Permute(Step[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permute([.. items[..i], .. items[(i + 1)..]]).Select(rest => (Step[])[item, .. rest]));
}
