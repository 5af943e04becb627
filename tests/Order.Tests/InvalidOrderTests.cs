using Grpc.Core;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;
using WireOrder = Integration.Contracts.Order.V1.Order;

namespace Integration.Order.Tests;

public sealed class InvalidOrderTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    private static readonly Dictionary<string, Action<WireOrder>> Breakages = new(StringComparer.Ordinal)
    {
        ["no lines"] = o => o.Lines.Clear(),
        ["too many lines"] = o =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var line = o.Lines[0].Clone();
                line.ExternalLineId = $"extra-{i}";
                o.Lines.Add(line);
            }
        },
        ["quantity 0"] = o => o.Lines[0].Quantity = 0,
        ["quantity above 100000"] = o => o.Lines[0].Quantity = 100_001,
        ["line in another currency"] = o => o.Lines[1].UnitPrice = 17.99m.ToMoney("USD"),
        ["tax in another currency"] = o => o.Lines[0].TaxLines[1].Amount = 0.09m.ToMoney("GBP"),
        ["shipping in another currency"] = o => o.ShippingLines[0].Price = 4.90m.ToMoney("USD"),
        ["total in another currency"] = o => o.Totals.Total = 57.87m.ToMoney("USD"),
        ["3-decimal EUR amount"] = o => o.Lines[0].UnitPrice = 19.999m.ToMoney("EUR"),
        ["3-decimal EUR total"] = o => o.Totals.TotalTax = 9.321m.ToMoney("EUR"),
        ["negative discount"] = o => o.Lines[0].TotalDiscount = (-1m).ToMoney("EUR"),
        ["discount above the line"] = o => o.Lines[1].TotalDiscount = 18.00m.ToMoney("EUR"),
        ["no unit price"] = o => o.Lines[0].UnitPrice = null,
        ["amount too large"] = o => o.Lines[0].UnitPrice = 1_000_000_000_000_000m.ToMoney("EUR"),
        ["rate abc"] = o => o.Lines[0].TaxLines[0].Rate = "abc",
        ["rate negative"] = o => o.Lines[0].TaxLines[0].Rate = "-0.19",
        ["rate above one"] = o => o.Lines[0].TaxLines[0].Rate = "19",
        ["rate with exponent"] = o => o.Lines[0].TaxLines[0].Rate = "1.9e-1",
        ["rate with seven decimals"] = o => o.Lines[0].TaxLines[0].Rate = "0.1900001",
        ["tax without title"] = o => o.Lines[1].TaxLines[0].Title = " ",
        ["unknown currency"] = o => o.CurrencyCode = "EURO",
        ["lower-case currency"] = o => o.CurrencyCode = "eur",
        ["bad sku"] = o => o.Lines[0].Sku = "bad sku!",
        ["no line id"] = o => o.Lines[1].ExternalLineId = "",
        ["repeated line id"] = o => o.Lines[1].ExternalLineId = o.Lines[0].ExternalLineId,
        ["no channel"] = o => o.Channel = "",
        ["bad channel"] = o => o.Channel = "shopify eu",
        ["no external id"] = o => o.ExternalOrderId = "  ",
        ["external id too long"] = o => o.ExternalOrderId = new string('9', 65),
        ["order number too long"] = o => o.OrderNumber = new string('#', 65),
        ["no placed_at"] = o => o.PlacedAt = null,
        ["placed_at out of range"] = o => o.PlacedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue },
    };

    [Theory]
    [InlineData("no lines", "order.lines")]
    [InlineData("too many lines", "order.lines")]
    [InlineData("quantity 0", "order.lines[0].quantity")]
    [InlineData("quantity above 100000", "order.lines[0].quantity")]
    [InlineData("line in another currency", "order.lines[1].unit_price.currency_code")]
    [InlineData("tax in another currency", "order.lines[0].tax_lines[1].amount.currency_code")]
    [InlineData("shipping in another currency", "order.shipping_lines[0].price.currency_code")]
    [InlineData("total in another currency", "order.totals.total.currency_code")]
    [InlineData("3-decimal EUR amount", "order.lines[0].unit_price")]
    [InlineData("3-decimal EUR total", "order.totals.total_tax")]
    [InlineData("negative discount", "order.lines[0].total_discount")]
    [InlineData("discount above the line", "order.lines[1].total_discount")]
    [InlineData("no unit price", "order.lines[0].unit_price")]
    [InlineData("amount too large", "order.lines[0].unit_price")]
    [InlineData("rate abc", "order.lines[0].tax_lines[0].rate")]
    [InlineData("rate negative", "order.lines[0].tax_lines[0].rate")]
    [InlineData("rate above one", "order.lines[0].tax_lines[0].rate")]
    [InlineData("rate with exponent", "order.lines[0].tax_lines[0].rate")]
    [InlineData("rate with seven decimals", "order.lines[0].tax_lines[0].rate")]
    [InlineData("tax without title", "order.lines[1].tax_lines[0].title")]
    [InlineData("unknown currency", "order.currency_code")]
    [InlineData("lower-case currency", "order.currency_code")]
    [InlineData("bad sku", "order.lines[0].sku")]
    [InlineData("no line id", "order.lines[1].external_line_id")]
    [InlineData("repeated line id", "order.lines[1].external_line_id")]
    [InlineData("no channel", "order.channel")]
    [InlineData("bad channel", "order.channel")]
    [InlineData("no external id", "order.external_order_id")]
    [InlineData("external id too long", "order.external_order_id")]
    [InlineData("order number too long", "order.order_number")]
    [InlineData("no placed_at", "order.placed_at")]
    [InlineData("placed_at out of range", "order.placed_at")]
    public async Task Bad_input_is_InvalidArgument_naming_the_field_and_stores_nothing(string breakage, string field)
    {
        var order = SampleOrders.Eur("BAD-1");
        Breakages[breakage](order);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.IngestOrderAsync(new IngestOrderRequest { Order = order }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(field, error.Trailers.GetValue("field"));
        Assert.Equal((0, 0), await factory.CountAsync("shopify-eu", "BAD-1"));
    }

    [Fact]
    public async Task A_request_without_an_order_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.IngestOrderAsync(new IngestOrderRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("order", error.Trailers.GetValue("field"));
    }

    [Fact]
    public void Every_breakage_is_exercised_by_the_theory()
    {
        var covered = typeof(InvalidOrderTests).GetMethod(nameof(Bad_input_is_InvalidArgument_naming_the_field_and_stores_nothing))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]);
        Assert.Equal(Breakages.Keys.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }
}
