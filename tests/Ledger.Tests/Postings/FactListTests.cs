using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Ledger.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using Integration.Ledger.Data.Postings;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Integration.Ledger.Tests.Postings.LedgerEvents;

namespace Integration.Ledger.Tests.Postings;

/// <summary>
/// An order's fact list (kept for reconciliation) is appended to by the bulk path's UPDATE itself, and written with
/// relaxed escaping since; a row written before (each quote of a fact's data as \u0022) must take new facts and read back.
/// </summary>
public sealed class FactListTests : IDisposable
{
    private readonly LedgerFactory _ledger = new();

    public void Dispose() => _ledger.Dispose();

    [Fact]
    public async Task A_fact_list_written_with_the_old_escaping_takes_bulk_facts_and_reconciles()
    {
        Assert.Equal("SUCCESS", await _ledger.DeliverAsync(Cost("SKU-A", 2.50m), "cost-A"));
        var placed = new OrderPlaced
        {
            OrderId = "L-1", Channel = "web", CurrencyCode = "EUR", PlacedAt = At(2026, 11, 2), OccurredAt = At(2026, 11, 2),
            Lines = { Line("1", "SKU-A", 2, 10m, 3.80m) },
        };
        await BulkAsync(placed, "l-placed");

        // The row as the reflection serializer with default escaping wrote it before.
        string old;
        await using (var scope = _ledger.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            var order = await db.Set<LedgerOrder>().SingleAsync(o => o.OrderId == "L-1");
            old = JsonNode.Parse(order.FactsJson)!.ToJsonString(new JsonSerializerOptions());
            Assert.Contains("\\u0022", old, StringComparison.Ordinal);
            order.FactsJson = old;
            await db.SaveChangesAsync();
        }

        await BulkAsync(new OrderPaid { OrderId = "L-1", PaymentId = "P1", Gateway = "stripe", Amount = 23.80m.ToMoney("EUR"), OccurredAt = At(2026, 11, 3) }, "l-paid");
        await BulkAsync(new OrderShipped
        {
            OrderId = "L-1", ShipmentId = "S1", LocationId = "WH1", OccurredAt = At(2026, 11, 4),
            Lines = { new ShippedLine { LineId = "1", Sku = "SKU-A", Quantity = 2 } },
        }, "l-shipped");

        await using (var scope = _ledger.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            var text = (await db.Set<LedgerOrder>().AsNoTracking().SingleAsync(o => o.OrderId == "L-1")).FactsJson;
            var facts = JsonNode.Parse(text)!.AsArray();
            Assert.Equal(["l-placed", "l-paid", "l-shipped"], facts.Select(f => f!["EventId"]!.GetValue<string>()));
            // The old item kept byte for byte; the new ones without \u0022.
            Assert.StartsWith(old[..^1] + ",", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u0022", text[old.Length..], StringComparison.Ordinal);
            Assert.Equal("P1", OrderPaid.Parser.ParseJson(facts[1]!["Data"]!.GetValue<string>()).PaymentId);
        }

        var client = _ledger.CreateLedgerClient();
        var reconciled = await client.ReconcileAsync(new ReconcileRequest());
        Assert.Equal(1, reconciled.OrdersChecked);
        Assert.Empty(reconciled.Differences);
    }

    private async Task BulkAsync(IMessage evt, string id)
    {
        using var http = _ledger.CreateClient();
        var topic = EventTypes.Of(evt);
        var entries = new[] { ("entry-0", CloudEventCodec.Encode(new ReceivedEvent(id, topic, "test", "order/test", DateTimeOffset.UtcNow, null, EventJson.Format(evt)))) };
        using var content = new ByteArrayContent(BulkDelivery.Encode(topic, "pubsub", entries));
        content.Headers.ContentType = new MediaTypeHeaderValue(BulkDelivery.ContentType);
        using var response = await http.PostAsync(new Uri($"/events/{topic}/{evt.GetType().Name}Handler", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        Assert.Equal("SUCCESS", BulkDelivery.ReadStatuses(await response.Content.ReadAsStringAsync()).GetValueOrDefault("entry-0"));
    }
}
