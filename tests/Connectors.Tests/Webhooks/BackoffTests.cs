using System.Net;
using System.Text;
using CsCheck;
using Integration.Connectors.Webhooks;
using Integration.Connectors.Data.Deliveries;
using Integration.Contracts.Order.V1;
using Admin = Integration.Contracts.Connectors.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>
/// The processing backoff is stored on the delivery: a restart does not retry at once what waits behind a dependency
/// that is down, and the backoff still runs out. And an intake-only instance stores without applying, leaving the
/// deliveries to a worker instance on the same database.
/// </summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_stored_backoff_holds_the_resource_across_a_restart_until_it_runs_out()
    {
        var folder = Directory.CreateTempSubdirectory("connectors-backoff-").FullName;
        var database = Path.Combine(folder, "connectorsdb.db");
        using var order = new OrderHost();
        var body = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");
        try
        {
            DateTimeOffset notBefore;
            // First life (real clock: the HTTP client's own retries wait on it): Order unreachable, so the first
            // attempt fails transiently and the delivery backs off.
            using (var first = Connectors(database, TimeProvider.System))
            {
                first.Set("Connectors:Services:order", "http://127.0.0.1:9");
                using var http = first.CreateClient();
                var sent = DateTimeOffset.UtcNow;
                using var created = await Storefront.ShopifyAsync(http, "shop", "orders/create", body);
                Assert.Equal(HttpStatusCode.OK, created.StatusCode);
                var failed = await WaitAsync(first, d => d.Attempts == 1 && d.NextAttemptAt is not null);
                Assert.Equal(DeliveryStatus.Received, failed.Status);
                // One base delay after the attempt.
                notBefore = failed.NextAttemptAt!.Value;
                Assert.InRange(notBefore, sent + BaseDelay, DateTimeOffset.UtcNow + BaseDelay);

                // The operator sees the stored backoff in the list and on the delivery itself.
                var admin = first.Admin();
                var listed = Assert.Single((await admin.ListDeliveriesAsync(new Admin.ListDeliveriesRequest { Channel = "shop" })).Deliveries, d => d.DeliveryId == failed.Id);
                var shown = (await admin.GetDeliveryAsync(new Admin.GetDeliveryRequest { DeliveryId = failed.Id })).Delivery;
                Assert.Equal((notBefore, notBefore), (listed.NextAttemptAt.ToDateTimeOffset(), shown.NextAttemptAt.ToDateTimeOffset()));
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // Second life, Order reachable now, on a clock that stands still before the stored backoff runs out.
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            using var second = Connectors(database, clock).WithOrder(order);
            using var http2 = second.CreateClient();
            // Another order (another resource) is applied at once: sweeps run...
            var other = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("450789469", "450789470", StringComparison.Ordinal));
            using var otherCreated = await Storefront.ShopifyAsync(http2, "shop", "orders/create", other);
            Assert.Equal(HttpStatusCode.OK, otherCreated.StatusCode);
            await WaitAsync(second, d => d.ResourceId == "order:450789470" && d.Status == DeliveryStatus.Processed);
            // ...and pass over the held one: not tried again after the restart (an in-memory backoff would have been forgotten).
            var held = await second.QueryAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.ResourceId == "order:450789469"));
            Assert.Equal((DeliveryStatus.Received, 1, notBefore), (held.Status, held.Attempts, held.NextAttemptAt));
            // A later delivery of the same order waits behind it.
            using var paid = await Storefront.ShopifyAsync(http2, "shop", "orders/paid", body);
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(2, await second.QueryAsync(db => db.Deliveries.CountAsync(d => d.ResourceId == "order:450789469" && d.Status == DeliveryStatus.Received)));

            // The backoff runs out: both are applied, in order.
            clock.SetUtcNow(notBefore);
            var settled = await Storefront.SettledAsync(second, "shop", 3);
            Assert.All(settled, d => Assert.Equal((DeliveryStatus.Processed, (DateTimeOffset?)null), (d.Status, d.NextAttemptAt)));
            // Once applied, no backoff is shown.
            var page = (await second.Admin().ListDeliveriesAsync(new Admin.ListDeliveriesRequest { Channel = "shop" })).Deliveries;
            Assert.All(page.Where(d => d.ResourceId == "order:450789469"), d => Assert.Null(d.NextAttemptAt));
            var stored = (await order.Client().GetOrderAsync(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = "shop", ExternalOrderId = "450789469" } })).Order;
            Assert.Equal(FinancialStatus.Paid, stored.FinancialStatus);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Backoff_doubles_per_attempt_up_to_the_maximum() =>
        Gen.Select(Gen.Int[1, 40], Gen.Int[1, 10_000], Gen.Int[1, 1_000_000]).Sample((attempts, baseMs, maxMs) =>
        {
            TimeSpan baseDelay = TimeSpan.FromMilliseconds(baseMs), maxDelay = TimeSpan.FromMilliseconds(maxMs);
            static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
            var delay = DeliveryProcessor.Backoff(attempts, baseDelay, maxDelay);
            // The base delay after the first failure, then twice the previous one until the maximum, then the maximum.
            Assert.Equal(Min(baseDelay, maxDelay), DeliveryProcessor.Backoff(1, baseDelay, maxDelay));
            Assert.Equal(Min(delay * 2, maxDelay), DeliveryProcessor.Backoff(attempts + 1, baseDelay, maxDelay));
        });

    [Fact]
    public async Task An_intake_only_instance_stores_and_a_worker_on_the_same_database_applies()
    {
        var folder = Directory.CreateTempSubdirectory("connectors-intake-").FullName;
        var database = Path.Combine(folder, "connectorsdb.db");
        using var order = new OrderHost();
        var body = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");
        try
        {
            // The intake instance could reach Order, but does not process.
            using var intake = new ConnectorsHost(database).WithOrder(order);
            intake.Set("Connectors:Webhooks:ProcessDeliveries", "false");
            using var http = intake.CreateClient();
            using var created = await Storefront.ShopifyAsync(http, "shop-c", "orders/create", body);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var waiting = await intake.QueryAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.Channel == "shop-c"));
            Assert.Equal((DeliveryStatus.Received, 0), (waiting.Status, waiting.Attempts));

            // A worker on the same database applies it, and what the intake stores later, at its sweeps.
            using var worker = new ConnectorsHost(database).WithOrder(order);
            _ = worker.Server;
            await Storefront.SettledAsync(worker, "shop-c", 1);
            using var paid = await Storefront.ShopifyAsync(http, "shop-c", "orders/paid", body);
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
            var settled = await Storefront.SettledAsync(worker, "shop-c", 2);
            Assert.All(settled, d => Assert.Equal(DeliveryStatus.Processed, d.Status));
            var stored = (await order.Client().GetOrderAsync(new GetOrderRequest { ChannelRef = new ChannelOrderRef { Channel = "shop-c", ExternalOrderId = "450789469" } })).Order;
            Assert.Equal(FinancialStatus.Paid, stored.FinancialStatus);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ConnectorsHost Connectors(string database, TimeProvider clock)
    {
        var host = new ConnectorsHost(database).WithClock(clock);
        host.Set("Connectors:Webhooks:RetryBaseDelay", BaseDelay.ToString());
        host.Set("Connectors:Webhooks:RetryMaxDelay", "01:00:00");
        return host;
    }

    private static async Task<WebhookDelivery> WaitAsync(ConnectorsHost host, Func<WebhookDelivery, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = await host.QueryAsync(db => db.Deliveries.AsNoTracking().ToListAsync());
            if (rows.FirstOrDefault(condition) is { } row)
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no delivery in the expected state: {string.Join(", ", rows.Select(r => $"{r.Topic} {r.Status} attempts {r.Attempts} next {r.NextAttemptAt:O}"))}");
            await Task.Delay(50);
        }
    }
}
