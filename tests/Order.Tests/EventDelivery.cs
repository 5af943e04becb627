using Google.Protobuf;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Integration.Order.Tests;

/// <summary>Events in and out of the service under test, through its real endpoints and its real outbox.</summary>
internal static class EventDelivery
{
    /// <summary>POSTs <paramref name="evt"/> as a structured CloudEvent to <paramref name="handler"/>'s route, as the embedded transport does; returns Dapr's answer.</summary>
    public static async Task<string> DeliverAsync<TEvent>(this OrderFactory factory, TEvent evt, string handler, string? eventId = null)
        where TEvent : IMessage<TEvent>, new()
    {
        using var http = factory.CreateClient();
        return await http.PostEventAsync(evt, handler, eventId, source: "inventory", subject: "test");
    }

    /// <summary>The events of one order in its outbox, in commit order, as (type, message).</summary>
    public static Task<List<IMessage>> EventsOfAsync(this OrderFactory factory, string orderId) =>
        factory.QueryAsync(async db =>
        {
            var key = $"order/{orderId}";
            var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.AggregateKey == key).OrderBy(m => m.Id).Select(m => new { m.Type, m.Data }).ToListAsync();
            return rows.Select(r => EventJson.Parse(r.Data, EventTypes.Find(r.Type)!)).ToList();
        });
}
