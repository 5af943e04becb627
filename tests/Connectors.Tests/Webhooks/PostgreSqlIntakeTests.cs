using System.Net;
using Integration.Connectors.Data.Deliveries;
using Integration.Testing;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>The group commit's hand-written insert on a real PostgreSQL server: stored, read back by EF, duplicates refused.</summary>
public sealed class PostgreSqlIntakeTests
{
    [Fact]
    public async Task Deliveries_are_stored_and_deduplicated_on_PostgreSQL()
    {
        using var host = new ConnectorsHost();
        host.Set("Database:Provider", "PostgreSql");
        host.Set("ConnectionStrings:connectorsdb", await PostgresServer.CreateDatabaseAsync("connectorsdb"));
        host.Set("Connectors:Services:order", "http://127.0.0.1:9");
        using var http = host.CreateClient();
        var body = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Storefront.ShopifyAsync(http, "shop", "orders/create", body, eventId: $"event-{i % 10}")));
        using var ignored = await Storefront.ShopifyAsync(http, "shop", "shop/update", "{\"id\":1}"u8.ToArray());

        Assert.All(first, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var rows = await host.QueryAsync(db => db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(11, rows.Count);
        Assert.Equal(10, rows.Count(r => r.Topic == "orders/create"));
        Assert.All(rows.Where(r => r.Topic == "orders/create"), r =>
        {
            Assert.Equal(body, r.Raw());
            Assert.Equal("order:450789469", r.ResourceId);
        });
        Assert.Equal(DeliveryStatus.Ignored, rows.Single(r => r.Topic == "shop/update").Status);
        Assert.All(rows, r => Assert.True(r.ReceivedAt > DateTimeOffset.UtcNow.AddMinutes(-5)));
    }
}
