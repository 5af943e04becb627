using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

/// <summary>Exceptions reported by Inventory, and the list / retry / resolve / ignore operations with their audit trail.</summary>
public sealed class ExceptionWorkflowTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    private static ReservationRejected Rejected(string orderId, string reservationId) => new()
    {
        ReservationId = reservationId,
        OrderId = orderId,
        Reason = "insufficient stock",
        Lines = { new RejectedLine { Sku = "TEE-BLK-M", Requested = 2, Available = 1 } },
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };

    [Fact]
    public async Task A_rejected_reservation_holds_the_order_a_retry_asks_again_and_a_grant_releases_it()
    {
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("RESV-1") })).Order;
        var eventId = Guid.NewGuid().ToString("N");

        Assert.Equal("SUCCESS", await factory.DeliverAsync(Rejected(placed.OrderId, "res-1"), "ReservationRejectedHandler", eventId));
        Assert.Equal("SUCCESS", await factory.DeliverAsync(Rejected(placed.OrderId, "res-1"), "ReservationRejectedHandler", eventId));
        var key = new OrderKey { OrderId = placed.OrderId };
        await _client.RecordPaymentAsync(new RecordPaymentRequest { Order = key, Payment = new Payment { PaymentId = "c", Kind = PaymentKind.Sale, Amount = 57.87m.ToMoney("EUR") } });

        var held = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;
        var exception = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        Assert.True(held.Held);
        Assert.Equal((ExceptionType.ReservationRejected, true, "requested 2, available 1"), (exception.Type, exception.Blocking, exception.Evidence["sku:TEE-BLK-M"]));
        // Held: the payment is recorded, its event waits.
        Assert.Equal(FinancialStatus.Paid, held.FinancialStatus);
        Assert.Equal(["OrderPlaced"], (await factory.EventsOfAsync(placed.OrderId)).Select(e => e.Descriptor.Name));

        var retrying = await _client.RetryExceptionAsync(new RetryExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "stock received" });
        Assert.Equal(ExceptionState.Retrying, retrying.Exception.State);
        Assert.Equal(["OrderPlaced", "OrderPlaced"], (await factory.EventsOfAsync(placed.OrderId)).Select(e => e.Descriptor.Name));

        await factory.DeliverAsync(new StockReserved { ReservationId = "res-2", OrderId = placed.OrderId }, "StockReservedHandler");
        var released = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;
        var closed = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        Assert.False(released.Held);
        Assert.Equal(ExceptionState.Resolved, closed.State);
        Assert.Equal([("opened", "system"), ("retry", "ops"), ("resolved", "system")], closed.Actions.Select(a => (a.Action, a.Actor)));
        Assert.Equal(["OrderPlaced", "OrderPlaced", "OrderPaid"], (await factory.EventsOfAsync(placed.OrderId)).Select(e => e.Descriptor.Name));
    }

    [Fact]
    public async Task A_second_rejection_while_retrying_reopens_the_same_exception()
    {
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("RESV-2") })).Order;
        await factory.DeliverAsync(Rejected(placed.OrderId, "res-a"), "ReservationRejectedHandler");
        var exception = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        await _client.RetryExceptionAsync(new RetryExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "again" });

        await factory.DeliverAsync(Rejected(placed.OrderId, "res-b"), "ReservationRejectedHandler");

        var reopened = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);
        Assert.Equal((ExceptionState.Open, 1), (reopened.State, reopened.Attempts));
        Assert.Contains("res-b", reopened.Actions[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_for_something_that_is_not_our_order_is_acknowledged_and_ignored()
    {
        Assert.Equal("SUCCESS", await factory.DeliverAsync(Rejected("cart-42", "res-cart"), "ReservationRejectedHandler"));
        Assert.DoesNotContain((await _client.ListExceptionsAsync(new ListExceptionsRequest())).Exceptions, e => e.OrderId == "cart-42");
    }

    [Fact]
    public async Task Exceptions_list_by_type_state_order_and_age_in_pages()
    {
        var orders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var sent = SampleOrders.Eur($"LIST-EXC-{i}", "list-exc");
            sent.Totals.Total = 1m.ToMoney("EUR");
            sent.Lines[1].Sku = string.Empty;
            orders.Add((await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order.OrderId);
        }

        var all = new List<BusinessException>();
        var request = new ListExceptionsRequest { ExceptionTypes = { ExceptionType.TotalsMismatch, ExceptionType.UnknownSku }, PageSize = 2 };
        do
        {
            var page = await _client.ListExceptionsAsync(request);
            Assert.InRange(page.Exceptions.Count, 0, 2);
            all.AddRange(page.Exceptions.Where(e => orders.Contains(e.OrderId)));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Select(e => e.ExceptionId).Distinct().Count());
        var unknownSku = await _client.ListExceptionsAsync(new ListExceptionsRequest { ExceptionTypes = { ExceptionType.UnknownSku }, OrderId = orders[0] });
        Assert.Equal(ExceptionType.UnknownSku, Assert.Single(unknownSku.Exceptions).Type);
        await _client.IgnoreExceptionAsync(new IgnoreExceptionRequest { ExceptionId = unknownSku.Exceptions[0].ExceptionId, Actor = "ops", Reason = "gift card, not stocked" });
        var open = await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = orders[0], ExceptionStates = { ExceptionState.Open } });
        Assert.Equal([ExceptionType.TotalsMismatch], open.Exceptions.Select(e => e.Type));
        // Still held: the totals exception blocks too.
        Assert.True((await _client.GetOrderAsync(new GetOrderRequest { OrderId = orders[0] })).Order.Held);
        var old = await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = orders[0], OpenedBefore = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(-1)) });
        Assert.Empty(old.Exceptions);
    }

    [Theory]
    [InlineData("", "ops", "why", "exception_id")]
    [InlineData("abc", "", "why", "actor")]
    [InlineData("abc", "ops", " ", "reason")]
    public async Task Operations_need_an_id_an_actor_and_a_reason(string id, string actor, string reason, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.IgnoreExceptionAsync(new IgnoreExceptionRequest { ExceptionId = id, Actor = actor, Reason = reason }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue("field"));
    }

    [Fact]
    public async Task Unknown_sku_corrections_must_cover_every_line_and_name_real_lines()
    {
        var sent = SampleOrders.Eur("SKU-FIX");
        sent.Lines[0].Sku = " ";
        sent.Lines[1].Sku = string.Empty;
        var placed = (await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order;
        var exception = Assert.Single((await _client.ListExceptionsAsync(new ListExceptionsRequest { OrderId = placed.OrderId })).Exceptions);

        var partial = await Assert.ThrowsAsync<RpcException>(() => _client.ResolveExceptionAsync(new ResolveExceptionRequest
        {
            ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "mapped", SkuCorrections = { ["11001"] = "TEE-BLK-M" },
        }).ResponseAsync);
        var wrongLine = await Assert.ThrowsAsync<RpcException>(() => _client.ResolveExceptionAsync(new ResolveExceptionRequest
        {
            ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "mapped", SkuCorrections = { ["99"] = "TEE-BLK-M" },
        }).ResponseAsync);
        var retried = await _client.RetryExceptionAsync(new RetryExceptionRequest { ExceptionId = exception.ExceptionId, Actor = "ops", Reason = "maybe" });

        Assert.Equal(StatusCode.FailedPrecondition, partial.StatusCode);
        Assert.Contains("'11002'", partial.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, wrongLine.StatusCode);
        Assert.Equal(ExceptionState.Open, retried.Exception.State);
        // A refused resolution changed nothing.
        var order = (await _client.GetOrderAsync(new GetOrderRequest { OrderId = placed.OrderId })).Order;
        Assert.Equal(["", ""], order.Lines.Select(l => l.Sku));
        Assert.True(order.Held);
    }
}
