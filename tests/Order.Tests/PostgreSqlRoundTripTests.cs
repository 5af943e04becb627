using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

/// <summary>PostgreSQL hands decimals back at column scale and timestamps in microseconds; the wire order must not notice.</summary>
public sealed class PostgreSqlRoundTripTests
{
    [Fact]
    public async Task An_order_reads_back_from_postgresql_exactly_as_it_was_ingested()
    {
        await using var factory = await OrderFactory.OnPostgreSqlAsync();
        var client = factory.CreateOrderClient();
        var sent = SampleOrders.Eur("PG-1");

        var ingested = await client.IngestOrderAsync(new IngestOrderRequest { Order = sent });
        var read = await client.GetOrderAsync(new GetOrderRequest { OrderId = ingested.Order.OrderId });

        Assert.Equal(SampleOrders.Expected(sent, ingested.Order), ingested.Order);
        Assert.Equal(ingested.Order, read.Order);
        Assert.Equal("0.0025", read.Order.Lines[0].TaxLines[1].Rate);
        Assert.Equal(19.99m, read.Order.Lines[0].UnitPrice.ToDecimal());
    }
}
