using Integration.Contracts.Events.V1;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

public sealed class ConcurrentIngestTests
{
    private const int Callers = 20;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Parallel_ingests_of_one_order_store_it_once_and_tell_exactly_one_caller_it_was_created(string provider)
    {
        await using var factory = provider == "PostgreSql" ? await OrderFactory.OnPostgreSqlAsync() : new OrderFactory();
        var client = factory.CreateOrderClient();
        using var start = new SemaphoreSlim(0);

        var calls = Enumerable.Range(0, Callers).Select(async i =>
        {
            await start.WaitAsync();
            var order = SampleOrders.Eur("RACE-1");
            order.OrderNumber = $"#RACE-{i}";
            return await client.IngestOrderAsync(new IngestOrderRequest { Order = order });
        }).ToList();
        start.Release(Callers);
        var responses = await Task.WhenAll(calls);

        var created = Assert.Single(responses, r => r.Created);
        Assert.All(responses, r => Assert.Equal(created.Order, r.Order));
        Assert.Equal((1, 2), await factory.CountAsync("shopify-eu", "RACE-1"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Many_different_orders_at_once_are_group_committed_each_stored_exactly_as_sent_with_its_event(string provider)
    {
        await using var factory = provider == "PostgreSql" ? await OrderFactory.OnPostgreSqlAsync() : new OrderFactory();
        var client = factory.CreateOrderClient();
        using var start = new SemaphoreSlim(0);
        var sent = Enumerable.Range(0, 60).Select(i =>
        {
            var order = SampleOrders.Eur($"GROUP-{i}");
            // Every tenth without a SKU: held inside the same batch as its neighbours.
            if (i % 10 == 0)
            {
                order.Lines[1].Sku = string.Empty;
            }

            return order;
        }).ToList();

        var calls = sent.Select(async order =>
        {
            await start.WaitAsync();
            return await client.IngestOrderAsync(new IngestOrderRequest { Order = order });
        }).ToList();
        start.Release(sent.Count);
        var responses = await Task.WhenAll(calls);

        for (var i = 0; i < sent.Count; i++)
        {
            var read = (await client.GetOrderAsync(new GetOrderRequest { OrderId = responses[i].Order.OrderId })).Order;
            var expected = SampleOrders.Expected(sent[i], responses[i].Order);
            expected.Held = i % 10 == 0;
            Assert.True(responses[i].Created);
            Assert.Equal(expected, responses[i].Order);
            Assert.Equal(responses[i].Order, read);
            var events = await factory.EventsOfAsync(read.OrderId);
            Assert.Equal(i % 10 == 0 ? 0 : 1, events.Count(e => e is OrderPlaced));
        }

        var held = await client.ListExceptionsAsync(new ListExceptionsRequest { ExceptionTypes = { ExceptionType.UnknownSku } });
        Assert.Equal(6, held.Exceptions.Count);
    }
}
