using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Tests;

/// <summary>
/// Orders with a channel delivery id (every order the Connectors send) are group committed with their delivery row in the
/// batch's transaction; a delivery id seen before, or twice in one batch, still takes the one-by-one path. Both paths
/// must leave the same rows: one order per channel order, one delivery row per delivery id, no second effect.
/// </summary>
public sealed class GroupCommitDeliveryTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Orders_with_delivery_ids_at_once_are_stored_once_each_with_their_delivery_and_redeliveries_change_nothing(string provider)
    {
        await using var factory = provider == "PostgreSql" ? await OrderFactory.OnPostgreSqlAsync() : new OrderFactory();
        var client = factory.CreateOrderClient();
        // 40 orders with their own delivery ids, 5 of them delivered twice more in the same burst (a webhook retried while
        // the first delivery is in flight), and 5 pairs of different orders that share one delivery id.
        var requests = Enumerable.Range(0, 40)
            .Select(i => Request($"DLV-{i}", $"evt-{i}"))
            .Concat(Enumerable.Range(0, 5).SelectMany(i => new[] { Request($"DLV-{i}", $"evt-{i}"), Request($"DLV-{i}", $"evt-{i}") }))
            .Concat(Enumerable.Range(0, 5).SelectMany(i => new[] { Request($"SHARED-{i}-A", $"evt-shared-{i}"), Request($"SHARED-{i}-B", $"evt-shared-{i}") }))
            .ToList();

        var responses = await AllAtOnceAsync(client, requests);

        var byOrder = responses.GroupBy(r => r.Order.ExternalOrderId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(50, byOrder.Count);
        foreach (var (externalId, answers) in byOrder)
        {
            // Exactly one caller was told "created"; every caller got that one order.
            Assert.Single(answers, a => a.Created);
            Assert.Single(answers.Select(a => a.Order.OrderId).Distinct());
            Assert.Equal((1, 2), await factory.CountAsync("shopify-eu", externalId));
            Assert.Single(await factory.EventsOfAsync(answers[0].Order.OrderId), e => e is OrderPlaced);
        }

        var deliveries = await factory.QueryAsync(db => db.Deliveries.AsNoTracking().ToListAsync());
        Assert.Equal(45, deliveries.Count);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(byOrder[$"DLV-{i}"][0].Order.OrderId, Assert.Single(deliveries, d => d.DeliveryId == $"evt-{i}").OrderId);
        }

        for (var i = 0; i < 5; i++)
        {
            // The shared id belongs to whichever of the two orders came first; the other is stored without it.
            var owner = Assert.Single(deliveries, d => d.DeliveryId == $"evt-shared-{i}").OrderId;
            Assert.Contains(owner, new[] { byOrder[$"SHARED-{i}-A"][0].Order.OrderId, byOrder[$"SHARED-{i}-B"][0].Order.OrderId });
        }

        // Redelivered later with a newer body: the delivery id alone makes them repeats, with no effect at all.
        var redelivered = Enumerable.Range(0, 40).Select(i =>
        {
            var request = Request($"DLV-{i}", $"evt-{i}");
            request.Order.ChannelUpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(SampleOrders.PlacedAt.AddDays(1));
            return request;
        }).ToList();
        var again = await AllAtOnceAsync(client, redelivered);
        for (var i = 0; i < 40; i++)
        {
            Assert.False(again[i].Created);
            Assert.Equal(byOrder[$"DLV-{i}"].Single(a => a.Created).Order, again[i].Order);
        }

        Assert.Equal(45, await factory.QueryAsync(db => db.Deliveries.CountAsync()));
    }

    [Fact]
    public async Task A_delivery_id_first_recorded_by_a_fact_does_not_stop_its_order_and_the_waiting_payment_is_applied()
    {
        await using var factory = new OrderFactory();
        var client = factory.CreateOrderClient();
        // The channel reused one event id for the payment and then the order (the order arrives second).
        var paid = await client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = new OrderKey { ChannelRef = new ChannelOrderRef { Channel = "shopify-eu", ExternalOrderId = "FACT-FIRST" } },
            Delivery = new Delivery { DeliveryId = "evt-reused" },
            Payment = new Payment { PaymentId = "pay-1", Kind = PaymentKind.Capture, Amount = 57.87m.ToMoney("EUR") },
        });
        Assert.Equal(FactOutcome.Pending, paid.Outcome);

        var responses = await AllAtOnceAsync(client, [.. Enumerable.Range(0, 20).Select(i => Request($"NEIGHBOUR-{i}", $"evt-n-{i}")), Request("FACT-FIRST", "evt-reused")]);

        var order = responses[^1];
        Assert.True(order.Created);
        Assert.Equal(57.87m, order.Order.CapturedAmount.ToDecimal());
        Assert.Equal(FinancialStatus.Paid, order.Order.FinancialStatus);
        Assert.All(responses, r => Assert.True(r.Created));
        Assert.Equal(21, await factory.QueryAsync(db => db.Deliveries.CountAsync()));
    }

    [Fact]
    public async Task A_delivery_row_from_the_group_commit_is_stored_as_EF_stores_one()
    {
        await using var factory = new OrderFactory();
        var client = factory.CreateOrderClient();
        var sent = SampleOrders.Eur("DELIVERY-ROWS");
        var first = await client.IngestOrderAsync(new IngestOrderRequest { Order = sent, Delivery = new Delivery { DeliveryId = "evt-batch" } });
        // A known order with a new delivery id takes the EF path (an update), which records its delivery with EF.
        var second = await client.IngestOrderAsync(new IngestOrderRequest { Order = sent, Delivery = new Delivery { DeliveryId = "evt-ef" } });
        Assert.True(first.Created);
        Assert.False(second.Created);

        var rows = await factory.QueryAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT DeliveryId, typeof(Channel), typeof(DeliveryId), typeof(OrderId), typeof(RecordedAt), Channel, OrderId, RecordedAt FROM order_deliveries ORDER BY DeliveryId";
            await using var reader = await command.ExecuteReaderAsync();
            var result = new Dictionary<string, object[]>(StringComparer.Ordinal);
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                result[reader.GetString(0)] = values;
            }

            return result;
        });

        var (batch, ef) = (rows["evt-batch"], rows["evt-ef"]);
        Assert.Equal(ef[1..5], batch[1..5]);
        Assert.Equal(("shopify-eu", first.Order.OrderId), ((string)batch[5], (string)batch[6]));
        Assert.Equal(ef[5..7], batch[5..7]);
        // Same text format for the time (the values differ by when each was recorded). EF writes the fraction with trailing
        // zeros dropped ("FFFFFFF"), so the length varies with the instant: compare the shape, not the length.
        const string EfDateTime = @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,7})?$";
        Assert.Matches(EfDateTime, (string)ef[7]);
        Assert.Matches(EfDateTime, (string)batch[7]);
    }

    private static IngestOrderRequest Request(string externalId, string deliveryId) =>
        new() { Order = SampleOrders.Eur(externalId), Delivery = new Delivery { DeliveryId = deliveryId } };

    private static async Task<IngestOrderResponse[]> AllAtOnceAsync(OrderService.OrderServiceClient client, IReadOnlyList<IngestOrderRequest> requests)
    {
        using var start = new SemaphoreSlim(0);
        var calls = requests.Select(async request =>
        {
            await start.WaitAsync();
            return await client.IngestOrderAsync(request);
        }).ToList();
        start.Release(requests.Count);
        return await Task.WhenAll(calls);
    }
}
