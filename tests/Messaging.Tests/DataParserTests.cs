using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Integration.Contracts.Events.V1;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Messaging.Tests.Support;
using Integration.Testing.Messaging;

namespace Integration.Messaging.Tests;

/// <summary>
/// A handler's own reader of its event data (<see cref="EventHandlerOptions.Parse"/>): every delivery, bulk (data handed
/// over as slices of the body) or single (data as text), reaches the handler as the message that reader made of exactly
/// the event's data.
/// </summary>
public sealed class DataParserTests
{
    [Fact]
    public async Task A_handler_with_its_own_parser_gets_the_message_its_parser_made_of_the_event_data()
    {
        await using var consumer = await TestApps.StartConsumerAsync(app =>
            app.MapEventHandler<ProductChanged, ParsedHandler>(new EventHandlerOptions { Bulk = true, Parse = ParsedHandler.Parse }));
        using var http = consumer.CreateClient();
        var route = CloudEvents.Route<ParsedHandler>();
        var sent = new[] { Products.Changed("é&<\"x", 1), Products.Changed("b", 2), Products.Changed("c", 1), Products.Changed("d", 7) };
        var events = sent.Select(e => CloudEvents.Of(e)).ToList();

        var bulk = await http.DeliverBulkAsync(route, events.Take(3));
        var single = await http.DeliverAsync(route, events[3]);

        Assert.All(bulk.Values.Append(single), s => Assert.Equal("SUCCESS", s));
        for (var i = 0; i < sent.Length; i++)
        {
            var received = ParsedHandler.Received[events[i].Id];
            // The parser read this event's data (the text it saw is this event's) and its message is what the handler got.
            Assert.StartsWith(ParsedHandler.Mark(string.Empty), received.SourceSystem, StringComparison.Ordinal);
            var seen = received.SourceSystem[ParsedHandler.Mark(string.Empty).Length..];
            Assert.Equal(sent[i], EventJson.Parse(seen, ProductChanged.Descriptor));
            Assert.Equal(sent[i].Clone().With(p => p.SourceSystem = received.SourceSystem), received);
        }

        Assertions.ExactlyOnce(events.Select(e => e.Id).ToList(), await consumer.EffectsAsync());
    }
}

/// <summary>Records the message it got per event id; its parser marks each message with the text it read.</summary>
internal sealed class ParsedHandler(EffectsDbContext db) : IEventHandler<ProductChanged>
{
    public static readonly ConcurrentDictionary<string, ProductChanged> Received = new(StringComparer.Ordinal);

    public static string Mark(string dataJson) => "parsed:" + dataJson;

    public static IMessage Parse(ReadOnlySpan<byte> utf8, MessageDescriptor descriptor)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var message = (ProductChanged)EventJson.Parse(text, descriptor);
        message.SourceSystem = Mark(text);
        return message;
    }

    public Task HandleAsync(ProductChanged evt, EventContext context, CancellationToken ct)
    {
        Received[context.EventId] = evt;
        db.Effects.Add(new Effect { Key = Products.EffectKey(context.Subject ?? "?", evt.Version), EventId = context.EventId, At = DateTime.UtcNow });
        return Task.CompletedTask;
    }
}

internal static class MessageExtensions
{
    public static T With<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
