using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Money;
using Integration.Contracts.Order.V1;

namespace Integration.Order.Tests;

public sealed class ListOrdersTests(OrderFactory factory) : IClassFixture<OrderFactory>
{
    private readonly OrderService.OrderServiceClient _client = factory.CreateOrderClient();

    [Fact]
    public async Task Orders_page_newest_first_and_filter_by_channel_status_held_and_date()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var sent = SampleOrders.Eur($"LIST-{i}", "list-shop");
            sent.PlacedAt = Timestamp.FromDateTime(SampleOrders.PlacedAt.AddDays(i));
            if (i == 4)
            {
                sent.Lines[0].Sku = string.Empty;
            }

            ids.Add((await _client.IngestOrderAsync(new IngestOrderRequest { Order = sent })).Order.OrderId);
        }

        await _client.RecordPaymentAsync(new RecordPaymentRequest
        {
            Order = new OrderKey { OrderId = ids[1] }, Payment = new Payment { PaymentId = "p", Kind = PaymentKind.Sale, Amount = 57.87m.ToMoney("EUR") },
        });

        var seen = new List<string>();
        var request = new ListOrdersRequest { Filter = new OrderFilter { Channel = "list-shop" }, PageSize = 2 };
        do
        {
            var page = await _client.ListOrdersAsync(request);
            seen.AddRange(page.Orders.Select(o => o.OrderId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        var paid = await _client.ListOrdersAsync(new ListOrdersRequest { Filter = new OrderFilter { Channel = "list-shop", FinancialStatuses = { FinancialStatus.Paid } } });
        Assert.Equal([ids[1]], paid.Orders.Select(o => o.OrderId));
        var held = await _client.ListOrdersAsync(new ListOrdersRequest { Filter = new OrderFilter { Channel = "list-shop", HeldOnly = true } });
        Assert.Equal([ids[4]], held.Orders.Select(o => o.OrderId));
        var window = await _client.ListOrdersAsync(new ListOrdersRequest
        {
            Filter = new OrderFilter { Channel = "list-shop", PlacedAfter = Timestamp.FromDateTime(SampleOrders.PlacedAt.AddDays(1)), PlacedBefore = Timestamp.FromDateTime(SampleOrders.PlacedAt.AddDays(3)) },
        });
        Assert.Equal([ids[2], ids[1]], window.Orders.Select(o => o.OrderId));
        var bad = await Assert.ThrowsAsync<RpcException>(() => _client.ListOrdersAsync(new ListOrdersRequest { PageToken = "not-a-token!" }).ResponseAsync);
        Assert.Equal(("page_token", StatusCode.InvalidArgument), (bad.Trailers.GetValue("field"), bad.StatusCode));
    }
}
