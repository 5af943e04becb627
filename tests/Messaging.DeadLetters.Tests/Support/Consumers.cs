using System.Net.Http.Headers;
using System.Text.Json;
using Integration.Contracts.Events.V1;
using Integration.Messaging.DeadLetters;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.DeadLetters.Tests.Support;

/// <summary>Starting a consumer with the switched handler, delivering CloudEvents to it as Dapr would, and reading its state.</summary>
public static class Consumers
{
    public const string Name = "consumer";
    public const string Consumer = Name + "." + nameof(SwitchedHandler);

    public static Task<MessagingTestApp> StartAsync(
        HandlerSwitch handlerSwitch, int maxHandleAttempts = 2, Action<Microsoft.AspNetCore.Builder.WebApplication>? before = null,
        EventHandlerOptions? handlerOptions = null) =>
        MessagingTestApp.StartAsync(
            Name,
            map: app =>
            {
                before?.Invoke(app);
                app.MapEventHandler<ProductChanged, SwitchedHandler>(handlerOptions ?? new EventHandlerOptions());
            },
            configure: services => services.AddSingleton(handlerSwitch),
            settings: new Dictionary<string, string?> { ["Messaging:MaxHandleAttempts"] = maxHandleAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>POSTs a structured CloudEvent to the handler's route; returns the Dapr status it answered.</summary>
    public static async Task<string> DeliverAsync(MessagingTestApp app, string eventId, string productId)
    {
        var type = EventTypes.Of<ProductChanged>();
        var evt = new ReceivedEvent(eventId, type, "producer", "product/" + productId, DateTimeOffset.UtcNow, null,
            EventJson.Format(new ProductChanged { ProductId = productId, Version = 1, SourceSystem = "erp", Active = true }));
        using var client = new HttpClient(app.CreateHandler(), disposeHandler: true) { BaseAddress = new Uri("http://consumer") };
        using var content = new ByteArrayContent(CloudEventCodec.Encode(evt));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventCodec.ContentType);
        using var response = await client.PostAsync(new Uri($"/events/{type}/{nameof(SwitchedHandler)}", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>Delivers until the consumer stops asking for a retry (it handled or parked the event).</summary>
    public static async Task PoisonAsync(MessagingTestApp app, string eventId, string productId, int maxAttempts = 10)
    {
        for (var i = 0; i < maxAttempts; i++)
        {
            if (await DeliverAsync(app, eventId, productId) == "SUCCESS")
            {
                return;
            }
        }

        Assert.Fail($"event {eventId} was still asked to retry after {maxAttempts} deliveries");
    }

    public static Task<int> EffectsAsync(MessagingTestApp app, string eventId) =>
        app.WithDbAsync((db, _) => db.Effects.CountAsync(e => e.EventId == eventId));

    public static Task<int> InboxFailuresAsync(MessagingTestApp app, string eventId) =>
        app.WithDbAsync((db, _) => db.Set<InboxFailure>().CountAsync(f => f.EventId == eventId));

    public static Task<List<DeadLetter>> StoredDeadLettersAsync(MessagingTestApp app, string eventId) =>
        app.WithDbAsync((db, _) => db.Set<DeadLetter>().AsNoTracking().Where(d => d.EventId == eventId).ToListAsync());
}
