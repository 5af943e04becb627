using Google.Protobuf;
using Integration.Messaging.Events;
using Integration.Messaging.Outbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Integration.Inventory.Tests;

/// <summary>Events in and out of the service under test, through its real endpoints and its real outbox.</summary>
internal static class EventDelivery
{
    /// <summary>POSTs <paramref name="evt"/> as a structured CloudEvent to <paramref name="handler"/>'s route, as the embedded transport does; returns Dapr's answer.</summary>
    public static async Task<string> DeliverAsync<TEvent>(this InventoryFactory factory, TEvent evt, string handler, string? eventId = null, string subject = "order/test")
        where TEvent : IMessage<TEvent>, new()
    {
        using var http = factory.CreateClient();
        return await http.PostEventAsync(evt, handler, eventId, subject: subject);
    }

    /// <summary>Every <typeparamref name="TEvent"/> the service recorded in its outbox, in commit order.</summary>
    public static Task<List<TEvent>> RecordedAsync<TEvent>(this InventoryFactory factory) where TEvent : IMessage<TEvent>, new()
    {
        var type = EventTypes.Of<TEvent>();
        var parser = new MessageParser<TEvent>(() => new TEvent());
        return factory.WithDbAsync(async db => (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == type).OrderBy(m => m.Id).Select(m => m.Data).ToListAsync())
            .Select(data => (TEvent)EventJson.Parse(data, new TEvent().Descriptor)).ToList());
    }
}
