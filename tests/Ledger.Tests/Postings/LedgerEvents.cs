using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Integration.Contracts.Events.V1;
using Integration.Contracts.Money;
using Integration.Ledger.Data;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Ledger.Tests.Postings;

/// <summary>Events into the Ledger through its real subscription routes (as the embedded transport delivers them), and out of its outbox.</summary>
internal static class LedgerEvents
{
    private static readonly Dictionary<System.Type, string> Handlers = new()
    {
        [typeof(OrderPlaced)] = "OrderPlacedHandler", [typeof(OrderPaid)] = "OrderPaidHandler", [typeof(OrderShipped)] = "OrderShippedHandler",
        [typeof(OrderRefunded)] = "OrderRefundedHandler", [typeof(OrderCancelled)] = "OrderCancelledHandler", [typeof(OrderReturned)] = "OrderReturnedHandler",
        [typeof(ProductChanged)] = "ProductChangedHandler", [typeof(StockCounted)] = "StockCountedHandler",
    };

    /// <summary>POSTs the event as a structured CloudEvent; returns Dapr's status answer (SUCCESS, RETRY, DROP).</summary>
    public static async Task<string> DeliverAsync(this LedgerFactory factory, IMessage evt, string? eventId = null)
    {
        using var http = factory.CreateClient();
        return await http.PostEventAsync(evt, Handlers[evt.GetType()], eventId, subject: "order/test");
    }

    public static async Task<List<TEvent>> RecordedAsync<TEvent>(this LedgerFactory factory) where TEvent : IMessage<TEvent>, new()
    {
        var type = EventTypes.Of<TEvent>();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        return (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == type).OrderBy(m => m.Id).Select(m => m.Data).ToListAsync())
            .Select(data => (TEvent)EventJson.Parse(data, new TEvent().Descriptor)).ToList();
    }

    public static Timestamp At(int year, int month, int day) => Timestamp.FromDateTime(new DateTime(year, month, day, 12, 0, 0, DateTimeKind.Utc));

    public static ProductChanged Cost(string sku, decimal cost, string category = "apparel", long version = 1) => new()
    {
        ProductId = "P-" + sku, Version = version, SourceSystem = "erp", Active = true,
        Variants = { new VariantSnapshot { Sku = sku, Active = true, UnitCost = cost.ToMoney("EUR"), GlCategory = category } },
    };

    public static PlacedLine Line(string id, string sku, long quantity, decimal price, decimal tax, string rate = "0.19", decimal discount = 0m) => new()
    {
        LineId = id, Sku = sku, Quantity = quantity, UnitPrice = price.ToMoney("EUR"), TotalDiscount = discount.ToMoney("EUR"),
        TaxLines = { new OrderTaxLine { Title = "VAT 19%", Rate = rate, Amount = tax.ToMoney("EUR") } },
    };
}
