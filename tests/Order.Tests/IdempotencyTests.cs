using Grpc.Core;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

/// <summary>The three layers: (channel, external id), the channel's delivery id, and the client's idempotency key.</summary>
public sealed class IdempotencyTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    private static Metadata Key(string key) => new() { { "idempotency-key", key } };

    [Fact]
    public async Task The_same_order_delivered_5_times_concurrently_is_one_order_with_one_placed_event()
    {
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 5).Select(async i =>
        {
            await start.WaitAsync();
            // Shopify retries carry the same body; deliveries differ.
            return await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("RETRY-5"), Delivery = new Delivery { DeliveryId = $"webhook-{i}" } });
        }).ToList();
        start.Release(5);
        var responses = await Task.WhenAll(calls);

        Assert.Single(responses, r => r.Created);
        Assert.Single(responses.Select(r => r.Order.OrderId).Distinct());
        Assert.Equal((1, 2), await factory.CountAsync("shopify-eu", "RETRY-5"));
        Assert.Single(await factory.EventsOfAsync(responses[0].Order.OrderId), e => e is OrderPlaced);
    }

    [Fact]
    public async Task A_redelivered_fact_with_the_same_delivery_id_has_no_second_effect_even_under_another_fact_id()
    {
        var order = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("DELIVERY-1") })).Order;
        var key = new OrderKey { OrderId = order.OrderId };
        var first = await _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = key, Delivery = new Delivery { DeliveryId = "evt-77" },
            Payment = new Payment { PaymentId = "p-1", Kind = PaymentKind.Capture, Amount = 20m.ToMoney("EUR") },
        });
        var again = await _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = key, Delivery = new Delivery { DeliveryId = "evt-77" },
            Payment = new Payment { PaymentId = "p-1-renamed", Kind = PaymentKind.Capture, Amount = 20m.ToMoney("EUR") },
        });
        var sameFact = await _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = key, Payment = new Payment { PaymentId = "p-1", Kind = PaymentKind.Capture, Amount = 20m.ToMoney("EUR") },
        });

        Assert.Equal((FactOutcome.Applied, FactOutcome.Duplicate, FactOutcome.Duplicate), (first.Outcome, again.Outcome, sameFact.Outcome));
        Assert.Equal(20m, sameFact.Order.CapturedAmount.ToDecimal());
        Assert.Single(await factory.EventsOfAsync(order.OrderId), e => e is OrderPaid);
    }

    [Fact]
    public async Task A_redelivered_order_webhook_returns_the_stored_order_even_with_a_newer_body()
    {
        var sent = SampleOrders.Eur("DELIVERY-ORDER");
        var first = await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent, Delivery = new Delivery { DeliveryId = "evt-order-1" } });
        var newer = sent.Clone();
        newer.ChannelUpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(SampleOrders.PlacedAt.AddDays(1));

        var again = await _client.IngestOrderAsync(new IngestOrderRequest { Order = newer, Delivery = new Delivery { DeliveryId = "evt-order-1" } });

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Order, again.Order);
    }

    [Fact]
    public async Task The_same_key_and_body_return_the_first_response_and_another_body_is_refused_with_a_reason()
    {
        var request = new IngestOrderRequest { Order = SampleOrders.Eur("KEYED-1") };
        var first = await _client.IngestOrderAsync(request, Key("key-keyed-1"));
        var repeat = await _client.IngestOrderAsync(request, Key("key-keyed-1"));
        var changed = request.Clone();
        changed.Order.Lines[0].Quantity = 3;

        var refused = await Assert.ThrowsAsync<RpcException>(() => _client.IngestOrderAsync(changed, Key("key-keyed-1")).ResponseAsync);
        var otherRpc = await Assert.ThrowsAsync<RpcException>(() => _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = new OrderKey { OrderId = first.Order.OrderId },
            Payment = new Payment { PaymentId = "p", Kind = PaymentKind.Capture, Amount = 1m.ToMoney("EUR") },
        }, Key("key-keyed-1")).ResponseAsync);

        Assert.True(first.Created);
        // The stored first response, byte for byte: created stays true.
        Assert.Equal(first, repeat);
        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Contains("key-keyed-1", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("another request", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.AlreadyExists, otherRpc.StatusCode);
        Assert.Equal(0m, (await _client.GetOrderAsync(new GetOrderRequest { OrderId = first.Order.OrderId })).Order.CapturedAmount.ToDecimal());
    }

    [Fact]
    public async Task Concurrent_calls_with_one_key_and_body_have_one_effect_and_one_answer()
    {
        var order = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("KEYED-2") })).Order;
        var request = new RecordShipmentRequest
        {
            Order = new OrderKey { OrderId = order.OrderId },
            Shipment = new Shipment { ShipmentId = "s-1", LocationId = "WH1", Lines = { new ShipmentLine { ExternalLineId = "11001", Quantity = 1 } } },
        };
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            return await _client.RecordShipmentAsync(request, Key("ship-once"));
        }).ToList();
        start.Release(8);
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(responses[0], r));
        Assert.Equal(FactOutcome.Applied, responses[0].Outcome);
        Assert.Single(await factory.EventsOfAsync(order.OrderId), e => e is OrderShipped);
        Assert.Equal(1, (await _client.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).Order.Lines[0].QuantityShipped);
    }

    [Fact]
    public async Task A_failed_call_releases_its_key_so_the_corrected_request_can_use_it()
    {
        var bad = new IngestOrderRequest { Order = SampleOrders.Eur("KEYED-3") };
        bad.Order.CurrencyCode = "EURO";
        await Assert.ThrowsAsync<RpcException>(() => _client.IngestOrderAsync(bad, Key("key-3")).ResponseAsync);

        var good = await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("KEYED-3") }, Key("key-3-fixed"));
        Assert.True(good.Created);
    }
}
