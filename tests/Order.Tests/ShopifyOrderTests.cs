using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using WireOrder = Integration.Contracts.Order.V1.Order;

namespace Integration.Order.Tests;

/// <summary>
/// Values from Shopify's REST reference order 450789469 (shared/fixtures/shopify/
/// rest_2026-07_order_GET_450789469_partially_refunded__shopify-app-js.json), mapped as a connector would.
/// </summary>
public sealed class ShopifyOrderTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    private static WireOrder Order450789469(string externalOrderId = "450789469")
    {
        // created_at "2008-01-10T11:00:00-05:00"; every amount is a USD string in the body.
        var placed = Timestamp.FromDateTimeOffset(new DateTimeOffset(2008, 1, 10, 11, 0, 0, TimeSpan.FromHours(-5)));
        var order = new WireOrder
        {
            Channel = "shopify-us",
            ExternalOrderId = externalOrderId,
            OrderNumber = "#1001",
            CurrencyCode = "USD",
            TaxesIncluded = false,
            CustomerReference = "207119551",
            PlacedAt = placed,
            ChannelUpdatedAt = placed,
            Totals = new OrderTotals
            {
                Subtotal = 597.00m.ToMoney("USD"),
                TotalDiscounts = 10.00m.ToMoney("USD"),
                TotalShipping = 0.00m.ToMoney("USD"),
                TotalTax = 11.94m.ToMoney("USD"),
                Total = 598.94m.ToMoney("USD"),
            },
        };
        // Code TENOFF (10.00 "across") is allocated 3.34 / 3.33 / 3.33 in discount_allocations; the lines' own
        // total_discount says "0.00", so the allocations are what the line really got.
        (string Id, string Sku, string Name, decimal Discount)[] lines =
        [
            ("466157049", "IPOD2008GREEN", "IPod Nano - 8gb - green", 3.34m),
            ("518995019", "IPOD2008RED", "IPod Nano - 8gb - red", 3.33m),
            ("703073504", "IPOD2008BLACK", "IPod Nano - 8gb - black", 3.33m),
        ];
        foreach (var (id, sku, name, discount) in lines)
        {
            var line = new OrderLine
            {
                ExternalLineId = id, Sku = sku, Title = name, Quantity = 1,
                UnitPrice = 199.00m.ToMoney("USD"), TotalDiscount = discount.ToMoney("USD"),
            };
            // "rate": 0.06 is a JSON float in the body; the connector passes its text, never a double.
            line.TaxLines.Add(new TaxLine { Title = "State Tax", Rate = "0.06", Amount = 3.98m.ToMoney("USD") });
            order.Lines.Add(line);
        }

        order.ShippingLines.Add(new ShippingLine { Title = "Free Shipping", Price = 0.00m.ToMoney("USD") });
        return order;
    }

    [Fact]
    public async Task The_reference_order_is_stored_as_shopify_reported_it()
    {
        var ingested = await _client.IngestOrderAsync(new IngestOrderRequest { Order = Order450789469() });
        var read = (await _client.GetOrderAsync(new GetOrderRequest
        {
            ChannelRef = new ChannelOrderRef { Channel = "shopify-us", ExternalOrderId = "450789469" },
        })).Order;

        Assert.True(ingested.Created);
        Assert.Equal(ingested.Order, read);
        Assert.Equal(new DateTime(2008, 1, 10, 16, 0, 0, DateTimeKind.Utc), read.PlacedAt.ToDateTime());
        Assert.Equal(["466157049", "518995019", "703073504"], read.Lines.Select(l => l.ExternalLineId));
        // Channel-reported figures are kept, not recomputed: the line allocations and line taxes add up to the order level.
        Assert.Equal(read.Totals.TotalDiscounts.ToDecimal(), read.Lines.Sum(l => l.TotalDiscount.ToDecimal()));
        Assert.Equal(read.Totals.TotalTax.ToDecimal(), read.Lines.SelectMany(l => l.TaxLines).Sum(t => t.Amount.ToDecimal()));
        Assert.Equal(598.94m, read.Totals.Total.ToDecimal());
        Assert.Equal(0m, read.ShippingLines.Single().Price.ToDecimal());
        // Shopify said "partially_refunded"; our lifecycle starts at pending and moves only on facts we receive.
        Assert.Equal(FinancialStatus.Pending, read.FinancialStatus);
    }

    [Fact]
    public async Task A_64_bit_order_id_beyond_double_precision_survives_as_a_string()
    {
        // The fixtures' ids are below 2^53; Shopify ids are 64-bit, so take 2^53 + 1, which a double turns into 2^53.
        const string id = "9007199254740993";
        Assert.NotEqual(id, ((long)(double)long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var order = Order450789469(id);
        order.Lines[0].ExternalLineId = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var ingested = await _client.IngestOrderAsync(new IngestOrderRequest { Order = order });
        var read = (await _client.GetOrderAsync(new GetOrderRequest
        {
            ChannelRef = new ChannelOrderRef { Channel = "shopify-us", ExternalOrderId = id },
        })).Order;

        Assert.Equal(ingested.Order, read);
        Assert.Equal(id, read.ExternalOrderId);
        Assert.Equal("9223372036854775807", read.Lines[0].ExternalLineId);
        var neighbour = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => _client.GetOrderAsync(new GetOrderRequest
        {
            ChannelRef = new ChannelOrderRef { Channel = "shopify-us", ExternalOrderId = "9007199254740992" },
        }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, neighbour.StatusCode);
    }
}
