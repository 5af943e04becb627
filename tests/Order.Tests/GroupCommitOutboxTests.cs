using System.Data.Common;
using System.Text.Json.Nodes;
using Integration.Contracts.Order.V1;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Tests;

/// <summary>
/// The SQLite group commit writes OrderPlaced's outbox row itself (one prepared INSERT per batch) instead of through the
/// outbox's EF entity. An order with a delivery id still takes the EF path (IOutbox.Enqueue), so one of each, stored
/// side by side, must give rows that match column for column, down to how each value is stored.
/// </summary>
public sealed class GroupCommitOutboxTests
{
    [Fact]
    public async Task The_group_commits_outbox_row_is_stored_exactly_as_the_outbox_stores_one_and_is_published()
    {
        await using var factory = new OrderFactory();
        var client = factory.CreateOrderClient();
        var bulk = (await client.IngestOrderAsync(new IngestOrderRequest { Order = SampleOrders.Eur("OUTBOX-BULK") })).Order;
        var viaEf = (await client.IngestOrderAsync(new IngestOrderRequest
        {
            Order = SampleOrders.Eur("OUTBOX-EF"),
            Delivery = new Delivery { DeliveryId = "delivery-outbox-ef" },
        })).Order;

        var rows = await WaitPublishedAsync(factory, bulk.OrderId, viaEf.OrderId);
        var (b, e) = (rows[bulk.OrderId], rows[viaEf.OrderId]);
        Assert.Equal(e.Keys.Order(), b.Keys.Order());
        // The group commit builds the row on the caller's thread, inside the IngestOrder request's span, so the event
        // carries that trace; the EF path here runs on the writer's thread, outside any span.
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]$", (string?)b["TraceParent"].Value ?? string.Empty);
        foreach (var column in e.Keys.Where(c => c != "TraceParent"))
        {
            // Same storage class for every column (text dates stay text, nulls stay null).
            Assert.True(e[column].Type == b[column].Type, $"{column}: {b[column].Type} vs {e[column].Type}");
        }

        Assert.Equal(e["Type"].Value, b["Type"].Value);
        Assert.Equal($"order/{bulk.OrderId}", b["AggregateKey"].Value);
        Assert.Equal(0L, b["Attempts"].Value);
        Assert.Equal(32, ((string)b["EventId"].Value!).Length);
        Assert.NotEqual(e["EventId"].Value, b["EventId"].Value);
        Assert.Equal(b["CreatedAt"].Value, b["NextAttemptAt"].Value);
        foreach (var column in new[] { "LeaseOwner", "LeaseUntil", "DeadLetteredAt", "LastError" })
        {
            Assert.Null(b[column].Value);
        }

        // The events differ only in what identifies each order and when it was stored.
        Assert.Equal(Normalised((string)e["Data"].Value!, viaEf), Normalised((string)b["Data"].Value!, bulk));
    }

    private static string Normalised(string json, Contracts.Order.V1.Order order)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(order.OrderId, (string?)node["order_id"]);
        Assert.Equal(order.ExternalOrderId, (string?)node["external_order_id"]);
        Assert.Equal(order.OrderNumber, (string?)node["order_number"]);
        node.Remove("order_id");
        node.Remove("external_order_id");
        node.Remove("order_number");
        node.Remove("occurred_at");
        return node.ToJsonString();
    }

    private static async Task<Dictionary<string, Dictionary<string, (string Type, object? Value)>>> WaitPublishedAsync(OrderFactory factory, params string[] orderIds)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rows = await factory.QueryAsync(async db =>
            {
                var connection = db.Database.GetDbConnection();
                await connection.OpenAsync();
                var result = new Dictionary<string, Dictionary<string, (string, object?)>>();
                foreach (var id in orderIds)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT * FROM outbox_messages WHERE AggregateKey = $key";
                    var key = command.CreateParameter();
                    key.ParameterName = "$key";
                    key.Value = $"order/{id}";
                    command.Parameters.Add(key);
                    await using var reader = await command.ExecuteReaderAsync();
                    Assert.True(await reader.ReadAsync(), $"no outbox row for order {id}");
                    result[id] = await ColumnsAsync(connection, reader, id);
                    Assert.False(await reader.ReadAsync(), $"two outbox rows for order {id}");
                }

                return result;
            });
            if (rows.Values.All(r => r["PublishedAt"].Item2 is not null) || attempt == 100)
            {
                Assert.All(rows.Values, r => Assert.NotNull(r["PublishedAt"].Item2));
                return rows;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<Dictionary<string, (string, object?)>> ColumnsAsync(DbConnection connection, DbDataReader reader, string orderId)
    {
        var columns = new Dictionary<string, (string, object?)>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            await using var type = connection.CreateCommand();
            type.CommandText = $"SELECT typeof(\"{name}\") FROM outbox_messages WHERE AggregateKey = 'order/{orderId}'";
            columns[name] = ((string)(await type.ExecuteScalarAsync())!, reader.IsDBNull(i) ? null : reader.GetValue(i));
        }

        return columns;
    }
}
