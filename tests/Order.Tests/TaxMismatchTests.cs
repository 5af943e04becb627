using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

/// <summary>The Ledger's tax check reaches the order's exception list; the order is not held (the tax is owed as charged).</summary>
public sealed class TaxMismatchTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    [Fact]
    public async Task A_tax_mismatch_from_the_ledger_opens_one_non_blocking_exception_with_the_evidence()
    {
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("TAX-1") })).Order;
        var mismatch = new TaxMismatchDetected
        {
            OrderId = placed.OrderId, Channel = placed.Channel, OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
            Differences = { new TaxDifference { Title = "VAT 19%", Charged = 9.85m.ToMoney("EUR"), Expected = 10.45m.ToMoney("EUR"), Lines = 3 } },
        };
        var eventId = Guid.NewGuid().ToString("N");

        Assert.Equal("SUCCESS", await factory.DeliverAsync(mismatch, "TaxMismatchDetectedHandler", eventId));
        Assert.Equal("SUCCESS", await factory.DeliverAsync(mismatch, "TaxMismatchDetectedHandler", eventId));
        Assert.Equal("SUCCESS", await factory.DeliverAsync(mismatch, "TaxMismatchDetectedHandler"));

        var exception = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        Assert.Equal((ExceptionType.TaxMismatch, false, ExceptionState.Open), (exception.Type, exception.Blocking, exception.State));
        Assert.Equal("charged 9.85 EUR, expected 10.45 over 3 line(s)", exception.Evidence["tax:VAT 19%"]);
        Assert.False((await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order.Held);
    }
}
