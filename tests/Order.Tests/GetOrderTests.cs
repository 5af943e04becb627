using Grpc.Core;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

public sealed class GetOrderTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    private async Task<RpcException> Refused(GetOrderRequest request) =>
        await Assert.ThrowsAsync<RpcException>(() => _client.GetOrderAsync(request).ResponseAsync);

    [Fact]
    public async Task Unknown_order_id_is_NotFound_naming_the_id()
    {
        var error = await Refused(new GetOrderRequest { OrderId = "0123456789abcdef0123456789abcdef" });

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("0123456789abcdef0123456789abcdef", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_channel_reference_is_NotFound_naming_channel_and_id()
    {
        await _client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("KNOWN-1") });

        var otherChannel = await Refused(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = "woo-de", ExternalOrderId = "KNOWN-1" } });
        var otherId = await Refused(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = "shopify-eu", ExternalOrderId = "KNOWN-2" } });

        Assert.Equal(StatusCode.NotFound, otherChannel.StatusCode);
        Assert.Contains("'KNOWN-1'", otherChannel.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("'woo-de'", otherChannel.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, otherId.StatusCode);
        Assert.Contains("'KNOWN-2'", otherId.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, "key")]
    [InlineData("", null, null, "order_id")]
    [InlineData(null, "", "KNOWN-1", "channel_ref.channel")]
    [InlineData(null, "shopify-eu", "", "channel_ref.external_order_id")]
    public async Task A_missing_key_is_InvalidArgument_naming_it(string? orderId, string? channel, string? externalId, string field)
    {
        var request = new GetOrderRequest();
        if (orderId is not null)
        {
            request.OrderId = orderId;
        }

        if (channel is not null)
        {
            request.ChannelRef = new ChannelOrderRef { Channel = channel, ExternalOrderId = externalId ?? string.Empty };
        }

        var error = await Refused(request);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.Trailers.GetValue("field"));
    }
}
