using System.Net;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Deliveries;
using Integration.Connectors.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>
/// The group commit under concurrent deliveries of real-size bodies: every delivery answered 200 is stored once, byte
/// for byte, redeliveries in flight at the same time included; and the WAL reaches the database file through the
/// background checkpoint (the writer's own automatic checkpoint only starts at 64 MB).
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_deliveries_are_each_stored_once_and_checkpointed_off_the_commit_path()
    {
        var folder = Directory.CreateTempSubdirectory("connectors-groupcommit-").FullName;
        var database = Path.Combine(folder, "connectorsdb.db");
        // 18.7 KB: Shopify's reference order, the benchmark's body (stored compressed, ~3.6 KB).
        var body = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");
        const int deliveries = 1600;
        try
        {
            // Intake only: no processor commits, whose connections would checkpoint at SQLite's default threshold.
            using (var host = new ConnectorsHost(database))
            {
                host.Set("Connectors:Webhooks:ProcessDeliveries", "false");
                using var http = host.CreateClient();
                var eventIds = Enumerable.Range(0, deliveries).Select(i => $"evt-{i}").ToArray();
                // Every 16th is sent twice at once: a storefront retrying while the first is in flight.
                var sends = eventIds.Concat(eventIds.Where((_, i) => i % 16 == 0)).ToArray();
                var answers = new HttpStatusCode[sends.Length];
                await Parallel.ForAsync(0, sends.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                {
                    using var response = await Storefront.ShopifyAsync(http, "shop-d", "orders/create", body, eventId: sends[i]);
                    answers[i] = response.StatusCode;
                });
                Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));

                var rows = await host.QueryAsync(db => db.Deliveries.AsNoTracking().Where(d => d.Channel == "shop-d").Select(d => new { d.DeliveryKey, Body = DeliveryBody.Decode(d.Body, d.BodyEncoding, d.BodySize) }).ToListAsync());
                Assert.Equal(eventIds.Select(e => "orders/create|" + e).Order(), rows.Select(r => r.DeliveryKey).Order());
                Assert.All(rows, r => Assert.Equal(body, r.Body));

                // ~6 MB written (compressed), several times WalCheckpointer's interval (1 MB) and far below the writer's own threshold
                // (64 MB): most of it copied into the database file while the host runs, by the checkpointer alone.
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (new FileInfo(database).Length < WalCheckpointer.CheckpointEveryBytes * 4)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"database file {new FileInfo(database).Length} bytes, WAL {new FileInfo(database + "-wal").Length} bytes: not checkpointed");
                    await Task.Delay(50);
                }
            }

            // And what was answered 200 is on disk for a fresh connection.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var options = new DbContextOptionsBuilder<ConnectorsDbContext>().UseSqlite($"Data Source={database};Pooling=false").Options;
            await using var fresh = new ConnectorsDbContext(options);
            Assert.Equal(deliveries, await fresh.Deliveries.CountAsync(d => d.Channel == "shop-d"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
