using System.Text;
using CsCheck;
using Integration.Connectors.Data;
using Integration.Connectors.Data.Deliveries;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Admin = Integration.Contracts.Connectors.V1;

namespace Integration.Connectors.Tests.Webhooks;

/// <summary>
/// Bodies are stored Brotli-compressed when that is smaller: every body comes back byte for byte (what was signed),
/// and rows stored before compression (raw bytes, no recorded size) are still read, listed and processed.
/// </summary>
public sealed class StoredBodyTests
{
    private static readonly Gen<byte[]> Bodies = Gen.OneOf(
        Gen.Byte.Array[0, 5000],
        Gen.String[Gen.Char.AlphaNumeric, 0, 3000].Select(s => Encoding.UTF8.GetBytes($"{{\"note\":\"{s}\",\"note2\":\"{s}\"}}")),
        Gen.String.Select(s => Encoding.UTF8.GetBytes(s)));

    [Fact]
    public void Any_body_comes_back_byte_for_byte_and_is_compressed_only_when_smaller() =>
        Bodies.Sample(raw =>
        {
            var (stored, encoding) = DeliveryBody.Encode(raw);

            Assert.Equal(raw, DeliveryBody.Decode(stored, encoding, raw.Length));
            Assert.True(encoding == BodyEncoding.Identity ? stored == raw : stored.Length < raw.Length);
        });

    [Fact]
    public void A_compressed_body_that_does_not_decode_to_its_recorded_size_is_an_error_not_a_wrong_body()
    {
        var raw = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");
        var (stored, encoding) = DeliveryBody.Encode(raw);

        Assert.Equal(BodyEncoding.Brotli, encoding);
        Assert.Throws<InvalidDataException>(() => DeliveryBody.Decode(stored, encoding, raw.Length + 1));
        Assert.Throws<InvalidDataException>(() => DeliveryBody.Decode(stored, encoding, null));
        Assert.Throws<InvalidDataException>(() => DeliveryBody.Decode(stored[..^8], encoding, raw.Length));
    }

    [Fact]
    public async Task A_shopify_order_is_stored_compressed_and_read_back_raw()
    {
        using var host = new ConnectorsHost();
        host.Set("Connectors:Services:order", "http://127.0.0.1:9");
        using var http = host.CreateClient();
        var body = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order");

        using var response = await Storefront.ShopifyAsync(http, "shop-e", "orders/create", body);

        response.EnsureSuccessStatusCode();
        var row = await host.QueryAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.Channel == "shop-e"));
        Assert.Equal((BodyEncoding.Brotli, body.Length), (row.BodyEncoding, row.BodySize));
        Assert.True(row.Body.Length * 4 < body.Length, $"{row.Body.Length} bytes stored for a {body.Length} byte body");
        var admin = host.Admin();
        var read = (await admin.GetDeliveryAsync(new Admin.GetDeliveryRequest { DeliveryId = row.Id })).Delivery;
        Assert.Equal(body, read.Body.ToByteArray());
        Assert.Equal(body.Length, read.BodySize);
        var listed = Assert.Single((await admin.ListDeliveriesAsync(new Admin.ListDeliveriesRequest { Channel = "shop-e" })).Deliveries);
        Assert.Equal(body.Length, listed.BodySize);
    }

    [Fact]
    public async Task A_row_stored_before_compression_is_read_listed_and_processed()
    {
        var folder = Directory.CreateTempSubdirectory("connectors-oldbody-").FullName;
        var database = Path.Combine(folder, "connectorsdb.db");
        // A fulfilment whose location 655441491 is not mapped on this channel: processing it has to read the body.
        var body = FixtureFiles.ShopifyBody("order_GET_450789469_partially_refunded", "order", "fulfillments", "0");
        try
        {
            // The schema as it was before bodies were compressed, and a row written the way that code wrote it.
            var options = new DbContextOptionsBuilder<ConnectorsDbContext>()
                .UseSqlite($"Data Source={database};Pooling=false", o => o.MigrationsAssembly("Connectors.Migrations.Sqlite")).Options;
            await using (var old = new ConnectorsDbContext(options))
            {
                await old.GetService<IMigrator>().MigrateAsync("WebhookBackoff");
            }

            await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
            {
                await connection.OpenAsync();
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO webhook_deliveries (Channel, Kind, Topic, DeliveryKey, ResourceId, Body, HeadersJson, ReceivedAt, Status, Attempts)
                    VALUES ('shop-unmapped', 'shopify', 'fulfillments/create', 'fulfillments/create|old-1', 'order:450789469', $body, '{}', '2026-11-27 10:00:00+00:00', 0, 0)
                    """;
                insert.Parameters.AddWithValue("$body", body);
                await insert.ExecuteNonQueryAsync();
            }

            using var host = new ConnectorsHost(database);
            host.Set("Connectors:Services:order", "http://127.0.0.1:9");
            host.Set("Connectors:Services:catalog", "http://127.0.0.1:9");
            var admin = host.Admin();

            var settled = Assert.Single(await Storefront.SettledAsync(host, "shop-unmapped", 1));
            Assert.Equal((BodyEncoding.Identity, (int?)null, DeliveryStatus.Failed), (settled.BodyEncoding, settled.BodySize, settled.Status));
            var exception = Assert.Single((await admin.ListExceptionsAsync(new Admin.ListExceptionsRequest { Channel = "shop-unmapped", Kind = "MAPPING_FAILED" })).Exceptions);
            Assert.Contains("655441491", exception.Reason, StringComparison.Ordinal);
            var read = (await admin.GetDeliveryAsync(new Admin.GetDeliveryRequest { DeliveryId = settled.Id })).Delivery;
            Assert.Equal(body, read.Body.ToByteArray());
            Assert.Equal(body.Length, read.BodySize);
            var listed = Assert.Single((await admin.ListDeliveriesAsync(new Admin.ListDeliveriesRequest { Channel = "shop-unmapped" })).Deliveries);
            Assert.Equal(body.Length, listed.BodySize);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
