using Grpc.Core;
using Integration.Contracts.Order.V1;
using Integration.Order.Data;
using Integration.Order.Exceptions;
using Integration.Order.Facts;
using Integration.Order.Idempotency;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Orders;

/// <summary>The Order gRPC API: orders stored once as channels captured them, their lifecycle facts and business exceptions.</summary>
/// <remarks>
/// gRPC builds this service for every call. IngestOrder only queues for the group commit, so the context and the services
/// over it are taken from the call's scope when an RPC uses them: building a DbContext (and its options) per IngestOrder
/// was ~5 % of the service's CPU in the ingest benchmark.
/// </remarks>
internal sealed class OrderGrpcService(IServiceProvider services, IngestQueue ingest, IdempotentCalls idempotent, TimeProvider clock)
    : OrderService.OrderServiceBase
{
    private OrderDbContext Db => services.GetRequiredService<OrderDbContext>();

    private FactRecorder Facts => services.GetRequiredService<FactRecorder>();

    private ExceptionOperations Exceptions => services.GetRequiredService<ExceptionOperations>();

    public override Task<IngestOrderResponse> IngestOrder(IngestOrderRequest request, ServerCallContext context) =>
        idempotent.RunAsync(context, request, async () =>
        {
            var input = OrderInput.From(request.Order);
            var result = await ingest.IngestAsync(input, DeliveryId(request.Delivery), context.CancellationToken);
            return new IngestOrderResponse { Order = result.Order, Created = result.Created, Stale = result.Stale };
        });

    public override async Task<GetOrderResponse> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var orders = Db.Orders.WithDetails();
        var order = request.KeyCase switch
        {
            GetOrderRequest.KeyOneofCase.OrderId => await FindById(orders, request.OrderId, ct),
            GetOrderRequest.KeyOneofCase.ChannelRef => await FindByChannelRef(orders, request.ChannelRef, ct),
            _ => throw new ValidationException("key", "give order_id or channel_ref"),
        };
        return new GetOrderResponse { Order = order.ToContract(await Db.HistoryAsync(order.Id, ct)) };
    }

    public override Task<ListOrdersResponse> ListOrders(ListOrdersRequest request, ServerCallContext context) =>
        OrderList.ListAsync(Db, request, context.CancellationToken);

    public override Task<RecordPaymentResponse> RecordPayment(RecordPaymentRequest request, ServerCallContext context) =>
        idempotent.RunAsync(context, request, async () =>
        {
            var (target, currency) = await TargetAsync(request.Order, context.CancellationToken);
            var fact = FactInputs.Payment(request.Payment, currency, Now());
            var result = await Facts.RecordAsync(target, [fact], DeliveryId(request.Delivery), context.CancellationToken);
            return new RecordPaymentResponse { Order = result.Order, Outcome = result.Outcome };
        });

    public override Task<RecordShipmentResponse> RecordShipment(RecordShipmentRequest request, ServerCallContext context) =>
        idempotent.RunAsync(context, request, async () =>
        {
            var (target, _) = await TargetAsync(request.Order, context.CancellationToken);
            var fact = FactInputs.Shipment(request.Shipment, Now());
            var result = await Facts.RecordAsync(target, [fact], DeliveryId(request.Delivery), context.CancellationToken);
            return new RecordShipmentResponse { Order = result.Order, Outcome = result.Outcome };
        });

    public override Task<RecordRefundResponse> RecordRefund(RecordRefundRequest request, ServerCallContext context) =>
        idempotent.RunAsync(context, request, async () =>
        {
            var (target, currency) = await TargetAsync(request.Order, context.CancellationToken);
            var fact = FactInputs.Refund(request.Refund, currency, Now());
            var result = await Facts.RecordAsync(target, [fact], DeliveryId(request.Delivery), context.CancellationToken);
            return new RecordRefundResponse { Order = result.Order, Outcome = result.Outcome };
        });

    public override Task<RecordReturnResponse> RecordReturn(RecordReturnRequest request, ServerCallContext context) =>
        idempotent.RunAsync(context, request, async () =>
        {
            var (target, _) = await TargetAsync(request.Order, context.CancellationToken);
            var fact = FactInputs.Return(request.Return, Now());
            var result = await Facts.RecordAsync(target, [fact], DeliveryId(request.Delivery), context.CancellationToken);
            return new RecordReturnResponse { Order = result.Order, Outcome = result.Outcome };
        });

    public override Task<CancelOrderResponse> CancelOrder(CancelOrderRequest request, ServerCallContext context) =>
        idempotent.RunAsync(context, request, async () =>
        {
            var (target, currency) = await TargetAsync(request.Order, context.CancellationToken);
            var now = Now();
            var cancellation = new Cancellation
            {
                Reason = Require.Text(request.Reason, "reason", 255, optional: true),
                OccurredAt = OrderEvents.At(FactInputs.When(request.OccurredAt, "occurred_at", now)),
            };
            var recorded = new List<NewFact>();
            if (request.Refund is not null)
            {
                // The refund first, so its OrderRefunded precedes OrderCancelled; marked as the cancellation's refund.
                var refund = FactInputs.Refund(request.Refund, currency, now, "refund", "cancel:");
                cancellation.RefundId = ((Refund)refund.Payload).RefundId;
                recorded.Add(refund);
            }

            // One cancellation per order: its id is fixed.
            recorded.Add(new NewFact(Data.Facts.FactKind.Cancellation, "cancel", cancellation, cancellation.OccurredAt.ToDateTime()));
            var result = await Facts.RecordAsync(target, recorded, DeliveryId(request.Delivery), context.CancellationToken);
            return new CancelOrderResponse { Order = result.Order, Outcome = result.Outcome };
        });

    public override Task<ListExceptionsResponse> ListExceptions(ListExceptionsRequest request, ServerCallContext context) =>
        Exceptions.ListAsync(request, context.CancellationToken);

    public override async Task<RetryExceptionResponse> RetryException(RetryExceptionRequest request, ServerCallContext context) =>
        new() { Exception = await Exceptions.RetryAsync(request, context.CancellationToken) };

    public override async Task<ResolveExceptionResponse> ResolveException(ResolveExceptionRequest request, ServerCallContext context) =>
        new() { Exception = await Exceptions.ResolveAsync(request, context.CancellationToken) };

    public override async Task<IgnoreExceptionResponse> IgnoreException(IgnoreExceptionRequest request, ServerCallContext context) =>
        new() { Exception = await Exceptions.IgnoreAsync(request, context.CancellationToken) };

    private async Task<(OrderTarget Target, string? Currency)> TargetAsync(OrderKey? key, CancellationToken ct)
    {
        var target = await Facts.ResolveAsync(key, ct);
        return (target, await Facts.CurrencyOfAsync(target, ct));
    }

    private DateTime Now() => Instants.Truncate(clock.GetUtcNow().UtcDateTime);

    private static string? DeliveryId(Delivery? delivery) =>
        delivery is null || string.IsNullOrWhiteSpace(delivery.DeliveryId) ? null : Require.Text(delivery.DeliveryId, "delivery.delivery_id", 128);

    private static async Task<Data.Orders.Order> FindById(IQueryable<Data.Orders.Order> orders, string orderId, CancellationToken ct)
    {
        var id = Require.Text(orderId, "order_id", 32);
        return await orders.SingleOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException($"no order with id '{id}'");
    }

    private static async Task<Data.Orders.Order> FindByChannelRef(IQueryable<Data.Orders.Order> orders, ChannelOrderRef reference, CancellationToken ct)
    {
        var channel = Require.Identifier(reference.Channel, "channel_ref.channel");
        var externalId = Require.Text(reference.ExternalOrderId, "channel_ref.external_order_id", 64);
        return await orders.SingleOrDefaultAsync(o => o.Channel == channel && o.ExternalOrderId == externalId, ct)
            ?? throw new NotFoundException($"no order '{externalId}' from channel '{channel}'");
    }
}
