using Google.Protobuf;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;

namespace Integration.Ledger.Postings;

/// <summary>Which rule posts which order fact, for live deliveries and for held facts alike.</summary>
internal static class FactRules
{
    public static (Fact Fact, Func<OrderBook, PostingDraft> Rule)? For(IMessage evt, string eventId) => evt switch
    {
        OrderPaid p => (Fact.Of(p, eventId, p.OrderId, p.OccurredAt, $"Order {p.OrderId}: payment {p.PaymentId} via {p.Gateway}"), b => b.Paid(p)),
        OrderShipped s => (Fact.Of(s, eventId, s.OrderId, s.OccurredAt, $"Order {s.OrderId}: shipment {s.ShipmentId} from {s.LocationId}"), b => b.Shipped(s)),
        OrderRefunded r => (Fact.Of(r, eventId, r.OrderId, r.OccurredAt, $"Order {r.OrderId}: refund {r.RefundId}"), b => b.Refunded(r)),
        OrderCancelled c => (Fact.Of(c, eventId, c.OrderId, c.OccurredAt, $"Order {c.OrderId}: cancelled ({c.Reason})"), b => b.Cancelled(c)),
        _ => null,
    };

    /// <summary>A stored fact's data (held postings, the order's fact list for reconciliation): the order facts read by <see cref="FactJson.OrderFactJson"/>, anything else by JsonParser.</summary>
    public static IMessage Parse(string type, string json)
    {
        var descriptor = EventTypes.Find(type) ?? throw new InvalidOperationException($"unknown event type {type}");
        return FactJson.OrderFactJson.Parse(json, descriptor, static (text, d) => d.Parser.ParseJson(text));
    }
}
