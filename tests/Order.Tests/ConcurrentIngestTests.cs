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
}
