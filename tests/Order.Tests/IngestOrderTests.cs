using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Tests;

public sealed class IngestOrderTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    [Fact]
    public async Task Ingested_order_reads_back_with_every_field_and_exact_money()
    {
        var sent = SampleOrders.Eur("RT-1001");
        sent.Lines[1].Sku = " mug-01 ";
        var before = DateTime.UtcNow;

        var ingested = await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent });

        Assert.True(ingested.Created);
        var stored = ingested.Order;
        Assert.Matches("^[0-9a-f]{32}$", stored.OrderId);
        Assert.InRange(stored.CreatedAt.ToDateTime(), before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        var expected = SampleOrders.Expected(sent, stored);
        expected.Lines[1].Sku = "MUG-01";
        Assert.Equal(expected, stored);

        var byId = await _client.GetOrderAsync(new GetOrderRequest { OrderId = stored.OrderId });
        var byRef = await _client.GetOrderAsync(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = "shopify-eu", ExternalOrderId = "RT-1001" } });
        Assert.Equal(stored, byId.Order);
        Assert.Equal(stored, byRef.Order);

        var tee = byId.Order.Lines[0];
        Assert.Equal(19.99m, tee.UnitPrice.ToDecimal());
        Assert.Equal(5.00m, tee.TotalDiscount.ToDecimal());
        Assert.Equal(["0.19", "0.0025"], tee.TaxLines.Select(t => t.Rate));
        Assert.Equal([5.58m, 0.09m], tee.TaxLines.Select(t => t.Amount.ToDecimal()));
        Assert.Equal(57.87m, byId.Order.Totals.Total.ToDecimal());
        Assert.Equal(SampleOrders.PlacedAt, byId.Order.PlacedAt.ToDateTime());
    }

    [Fact]
    public async Task The_database_holds_the_exact_decimals_and_string_statuses()
    {
        var ingested = await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("RT-DB-1") });

        var row = await factory.QueryAsync(db => db.Orders.AsNoTracking()
            .Include(o => o.Lines).Include(o => o.ShippingLines)
            .SingleAsync(o => o.Id == ingested.Order.OrderId));
        Assert.Equal(("shopify-eu", "RT-DB-1", "EUR", 1L), (row.Channel, row.ExternalOrderId, row.Currency, row.Version));
        Assert.Equal(57.87m, row.Total);
        Assert.Equal(9.32m, row.TotalTax);
        var tee = row.Lines.Single(l => l.ExternalLineId == "11001");
        Assert.Equal((2L, 19.99m, 5.00m, 0), (tee.Quantity, tee.UnitPrice, tee.TotalDiscount, tee.Position));
        Assert.Equal([0.19m, 0.0025m], tee.TaxLines.OrderBy(t => t.Position).Select(t => t.Rate));
        Assert.Equal(0.78m, row.ShippingLines.Single().TaxLines.Single().Amount);

        var statuses = await factory.QueryAsync(db => db.Database
            .SqlQuery<string>($"SELECT \"FinancialStatus\" || '/' || \"FulfillmentStatus\" AS \"Value\" FROM orders WHERE \"Id\" = {row.Id}")
            .SingleAsync());
        Assert.Equal("Pending/Unfulfilled", statuses);
    }

    [Fact]
    public async Task Amounts_keep_each_currency_precision_and_missing_optionals_stay_missing()
    {
        var order = SampleOrders.Eur("RT-KWD-1");
        order.CurrencyCode = "KWD";
        order.Totals = null;
        order.ChannelUpdatedAt = null;
        order.ShippingLines.Clear();
        order.Lines.RemoveAt(1);
        order.Lines[0].UnitPrice = 12.345m.ToMoney("KWD");
        order.Lines[0].TotalDiscount = null;
        order.Lines[0].TaxLines.Clear();
        order.Lines[0].TaxLines.Add(new TaxLine { Title = "VAT", Rate = "0.050000", Amount = 1.235m.ToMoney("KWD") });

        var stored = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = order })).Order;
        var read = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = stored.OrderId })).Order;

        Assert.Equal(stored, read);
        Assert.Equal(12.345m, read.Lines[0].UnitPrice.ToDecimal());
        Assert.Equal(0m, read.Lines[0].TotalDiscount.ToDecimal());
        Assert.Equal("KWD", read.Lines[0].TotalDiscount.CurrencyCode);
        Assert.Equal("0.05", read.Lines[0].TaxLines[0].Rate);
        Assert.Equal(1.235m, read.Lines[0].TaxLines[0].Amount.ToDecimal());
        Assert.Null(read.Totals);
        Assert.Null(read.ChannelUpdatedAt);
        Assert.Empty(read.ShippingLines);
    }

    [Fact]
    public async Task A_second_ingest_returns_the_first_stored_order_unchanged_even_with_another_body()
    {
        var first = await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("DUP-1") });
        var changed = SampleOrders.Eur("DUP-1");
        changed.Lines[0].Quantity = 7;
        changed.Lines.RemoveAt(1);
        changed.OrderNumber = "#CHANGED";
        changed.TaxesIncluded = false;
        changed.Totals.Total = 999.99m.ToMoney("EUR");
        changed.PlacedAt = Timestamp.FromDateTime(SampleOrders.PlacedAt.AddDays(1));

        var second = await _client.IngestOrderAsync(new IngestOrderRequest { Order = changed });
        var read = await _client.GetOrderAsync(new GetOrderRequest { OrderId = first.Order.OrderId });

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Order, second.Order);
        Assert.Equal(first.Order, read.Order);
        Assert.Equal(2, read.Order.Lines[0].Quantity);
        Assert.Equal((1, 2), await factory.CountAsync("shopify-eu", "DUP-1"));
    }

    [Fact]
    public async Task The_same_external_id_on_another_channel_is_another_order()
    {
        var eu = await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("SHARED-7", "shopify-eu") });
        var de = await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("SHARED-7", "woo-de") });

        Assert.True(eu.Created);
        Assert.True(de.Created);
        Assert.NotEqual(eu.Order.OrderId, de.Order.OrderId);
        Assert.Equal("woo-de", (await _client.GetOrderAsync(new GetOrderRequest
        {
            ChannelRef = new ChannelOrderRef { Channel = "woo-de", ExternalOrderId = "SHARED-7" },
        })).Order.Channel);
    }
}
