using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;

namespace Integration.Ledger.Bench;

/// <summary>An order's events as the Order and Catalog services publish them, delivered to the Ledger's subscription routes.</summary>
internal static class OrderStream
{
    private static readonly Dictionary<System.Type, string> Handlers = new()
    {
        [typeof(OrderPlaced)] = "OrderPlacedHandler", [typeof(OrderPaid)] = "OrderPaidHandler", [typeof(OrderShipped)] = "OrderShippedHandler",
        [typeof(OrderRefunded)] = "OrderRefundedHandler", [typeof(ProductChanged)] = "ProductChangedHandler",
    };

    public static async Task DeliverAsync(HttpClient http, IMessage evt, CancellationToken ct)
    {
        var type = EventTypes.Of(evt);
        var received = new ReceivedEvent(Guid.NewGuid().ToString("N"), type, "bench", null, DateTimeOffset.UtcNow, null, EventJson.Format(evt));
        using var content = new ByteArrayContent(CloudEventCodec.Encode(received));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventCodec.ContentType);
        using var response = await http.PostAsync(new Uri($"/events/{type}/{Handlers[evt.GetType()]}", UriKind.Relative), content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode || !body.Contains("SUCCESS", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{type} answered {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>
    /// Delivers events of one type as Dapr's bulkSubscribe does: one request with an entry (a whole CloudEvent) per event;
    /// every entry must come back SUCCESS.
    /// </summary>
    public static Task DeliverBulkAsync(HttpClient http, IReadOnlyList<IMessage> events, CancellationToken ct) => DeliverAsync(http, Bulk(events), ct);

    /// <summary>
    /// The request a sidecar would send for <paramref name="events"/> (one type): the bulk envelope with a CloudEvent per
    /// event, encoded ahead of time so the timed run measures the Ledger, not the encoding (the bytes are the same).
    /// </summary>
    public static PreparedBulk Bulk(IReadOnlyList<IMessage> events)
    {
        var type = EventTypes.Of(events[0]);
        var entries = events.Select(evt =>
        {
            var received = new ReceivedEvent(Guid.NewGuid().ToString("N"), type, "bench", null, DateTimeOffset.UtcNow, null, EventJson.Format(evt));
            return (EntryId: received.Id, CloudEvent: CloudEventCodec.Encode(received));
        }).ToList();
        return new PreparedBulk(type, $"/events/{type}/{Handlers[events[0].GetType()]}", BulkDelivery.Encode(type, "pubsub", entries), entries.Select(e => e.EntryId).ToList());
    }

    public static async Task DeliverAsync(HttpClient http, PreparedBulk bulk, CancellationToken ct)
    {
        using var content = new ByteArrayContent(bulk.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(BulkDelivery.ContentType);
        using var response = await http.PostAsync(new Uri(bulk.Route, UriKind.Relative), content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var statuses = response.IsSuccessStatusCode ? BulkDelivery.ReadStatuses(body) : [];
        if (bulk.EntryIds.Any(id => statuses.GetValueOrDefault(id) != "SUCCESS"))
        {
            throw new InvalidOperationException($"bulk of {bulk.EntryIds.Count} {bulk.Type} answered {(int)response.StatusCode} {body}");
        }
    }

    public static ProductChanged Product(int sku) => new()
    {
        ProductId = $"P{sku}", Version = 1, SourceSystem = "erp", Active = true,
        Variants = { new VariantSnapshot { Sku = $"SKU-{sku}", Active = true, UnitCost = 4.20m.ToMoney("EUR"), GlCategory = "apparel" } },
    };

    /// <summary>Placed, paid, shipped in two parts, one unit refunded and restocked: 5 events, 17 journal lines.</summary>
    public static IEnumerable<IMessage> Order(int n)
    {
        var id = $"O{n}";
        var at = Timestamp.FromDateTime(new DateTime(2026, 11, 2, 12, 0, 0, DateTimeKind.Utc));
        Integration.Contracts.Common.V1.Money M(decimal amount) => amount.ToMoney("EUR");
        OrderTaxLine Vat(decimal amount) => new() { Title = "VAT 19%", Rate = "0.19", Amount = M(amount) };
        yield return new OrderPlaced
        {
            OrderId = id, Channel = "web", CurrencyCode = "EUR", PlacedAt = at, OccurredAt = at,
            Lines =
            {
                new PlacedLine { LineId = "1", Sku = $"SKU-{n % 10}", Quantity = 2, UnitPrice = M(20m), TaxLines = { Vat(7.60m) } },
                new PlacedLine { LineId = "2", Sku = $"SKU-{(n + 1) % 10}", Quantity = 1, UnitPrice = M(10m), TaxLines = { Vat(1.90m) } },
            },
            ShippingLines = { new PlacedShippingLine { Title = "Post", Price = M(5m), TaxLines = { Vat(0.95m) } } },
        };
        yield return new OrderPaid { OrderId = id, PaymentId = "T1", Gateway = "stripe", Amount = M(65.45m), OccurredAt = at };
        yield return new OrderShipped { OrderId = id, ShipmentId = "S1", LocationId = "WH1", OccurredAt = at, Lines = { new ShippedLine { LineId = "1", Sku = $"SKU-{n % 10}", Quantity = 2 } } };
        yield return new OrderShipped { OrderId = id, ShipmentId = "S2", LocationId = "WH1", OccurredAt = at, Lines = { new ShippedLine { LineId = "2", Sku = $"SKU-{(n + 1) % 10}", Quantity = 1 } } };
        yield return new OrderRefunded
        {
            OrderId = id, RefundId = "R1", Amount = M(23.80m), OccurredAt = at,
            Lines = { new RefundedLine { LineId = "1", Sku = $"SKU-{n % 10}", Quantity = 1, RestockType = "return", LocationId = "WH1", Subtotal = M(20m), TotalTax = M(3.80m) } },
            Transactions = { new RefundedTransaction { TransactionId = "RT1", Gateway = "stripe", Amount = M(23.80m) } },
        };
    }
}

/// <summary>A bulk delivery's request, encoded: its route, body and the entry ids that must come back SUCCESS.</summary>
internal sealed record PreparedBulk(string Type, string Route, byte[] Body, IReadOnlyList<string> EntryIds);
