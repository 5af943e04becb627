using System.Net;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Deliveries;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>Nothing accepted is lost: a delivery answered 200 and not yet applied survives the host going away.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_delivery_stored_before_the_host_stops_is_applied_after_it_starts_again()
    {
        var folder = Directory.CreateTempSubdirectory("connectors-restart-").FullName;
        var database = Path.Combine(folder, "connectorsdb.db");
        using var order = new OrderHost();
        var body = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");
        try
        {
            // First life: Order is unreachable, so the delivery is stored and answered but cannot be applied.
            using (var first = new ConnectorsHost(database))
            {
                first.Set("Connectors:Services:order", "http://127.0.0.1:9");
                using var http = first.CreateClient();
                using var created = await Storefront.ShopifyAsync(http, "shop", "orders/create", body);
                using var paid = await Storefront.ShopifyAsync(http, "shop", "orders/paid", body);
                Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (created.StatusCode, paid.StatusCode));
            }

            // Between the lives: both rows are on disk, waiting.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var options = new DbContextOptionsBuilder<ConnectorsDbContext>().UseSqlite($"Data Source={database};Pooling=false").Options;
            await using (var db = new ConnectorsDbContext(options))
            {
                Assert.Equal([DeliveryStatus.Received, DeliveryStatus.Received], await db.Deliveries.OrderBy(d => d.Id).Select(d => d.Status).ToListAsync());
            }

            // Second life, Order reachable: the sweep after start-up applies them, in order.
            using var second = new ConnectorsHost(database).WithOrder(order);
            _ = second.Server;
            var deliveries = await Storefront.SettledAsync(second, "shop", 2);

            Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Processed, d.Status));
            var stored = (await order.Client().GetOrderAsync(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = "shop", ExternalOrderId = "450789469" } })).Order;
            Assert.Equal((FinancialStatus.Paid, 598.94m), (stored.FinancialStatus, Integration.Contracts.Money.MoneyConversions.ToDecimal(stored.CapturedAmount)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
