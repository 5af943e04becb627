using Integration.Connectors.Tests.Webhooks;
using Integration.Contracts.Order.V1;

namespace Integration.Connectors.Tests.Shopify;

/// <summary>The Connectors service wired to the real Order service, both in memory; each test uses its own channel.</summary>
public sealed class OrderStack : IDisposable
{
    public OrderStack()
    {
        Connectors = new ConnectorsHost().WithOrder(Order);
        Http = Connectors.CreateClient();
        Orders = Order.Client();
    }

    public OrderHost Order { get; } = new();

    public ConnectorsHost Connectors { get; }

    public HttpClient Http { get; }

    public OrderService.OrderServiceClient Orders { get; }

    public async Task<Contracts.Order.V1.Order> OrderAsync(string channel, string id) =>
        (await Orders.GetOrderAsync(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = channel, ExternalOrderId = id } })).Order;

    public async Task<List<BusinessException>> ExceptionsAsync(string orderId) =>
        [.. (await Orders.ListExceptionsAsync(new ListExceptionsRequest { OrderId = orderId })).Exceptions];

    public void Dispose()
    {
        Http.Dispose();
        Connectors.Dispose();
        Order.Dispose();
    }
}
