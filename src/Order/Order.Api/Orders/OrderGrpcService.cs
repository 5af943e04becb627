using Grpc.Core;
using Integration.Contracts.Order.V1;
using Integration.Messaging.Outbox;
using Integration.Order.Data;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Validation;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Orders;

/// <summary>The Order gRPC API: orders stored once as channels captured them.</summary>
internal sealed partial class OrderGrpcService(OrderDbContext db, IOutbox outbox, TimeProvider clock, ILogger<OrderGrpcService> logger)
    : OrderService.OrderServiceBase
{
    public override async Task<IngestOrderResponse> IngestOrder(IngestOrderRequest request, ServerCallContext context)
    {
        var input = OrderInput.From(request.Order);
        var (order, created) = await new OrderIngestor(db, outbox, clock).IngestAsync(input, context.CancellationToken);
        LogIngested(logger, order.Id, order.Channel, order.ExternalOrderId, created);
        return new IngestOrderResponse { Order = order.ToContract(), Created = created };
    }

    public override async Task<GetOrderResponse> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        var orders = db.Orders.WithDetails();
        var order = request.KeyCase switch
        {
            GetOrderRequest.KeyOneofCase.OrderId => await FindById(orders, request.OrderId, context.CancellationToken),
            GetOrderRequest.KeyOneofCase.ChannelRef => await FindByChannelRef(orders, request.ChannelRef, context.CancellationToken),
            _ => throw new ValidationException("key", "give order_id or channel_ref"),
        };
        return new GetOrderResponse { Order = order.ToContract() };
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} is {Channel} order {ExternalOrderId} (created: {Created})")]
    private static partial void LogIngested(ILogger logger, string orderId, string channel, string externalOrderId, bool created);
}
