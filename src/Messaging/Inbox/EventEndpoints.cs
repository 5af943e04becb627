using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapr;
using Dapr.AspNetCore;
using Google.Protobuf;
using Integration.Messaging.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Inbox;

/// <summary>Maps event handlers as Dapr topic routes; both transports deliver to them.</summary>
public static class EventEndpoints
{
    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <typeparamref name="TEvent"/> at
    /// <c>/events/{type}/{handler}</c>, listed in <c>/dapr/subscribe</c> with this service's dead-letter topic.
    /// </summary>
    public static IEndpointConventionBuilder MapEventHandler<TEvent, THandler>(this IEndpointRouteBuilder app)
        where TEvent : IMessage<TEvent>, new()
        where THandler : IEventHandler<TEvent> =>
        app.MapEventHandler<TEvent, THandler>(new EventHandlerOptions());

    /// <summary>
    /// As <see cref="MapEventHandler{TEvent,THandler}(IEndpointRouteBuilder)"/>; with <see cref="EventHandlerOptions.Bulk"/>
    /// the subscription also declares Dapr's <c>bulkSubscribe</c>, and the route takes bulk deliveries (either transport)
    /// as well as single ones.
    /// </summary>
    public static IEndpointConventionBuilder MapEventHandler<TEvent, THandler>(this IEndpointRouteBuilder app, EventHandlerOptions handlerOptions)
        where TEvent : IMessage<TEvent>, new()
        where THandler : IEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(handlerOptions);
        var options = app.ServiceProvider.GetRequiredService<IOptions<MessagingOptions>>().Value;
        var type = EventTypes.Of<TEvent>();
        var name = typeof(THandler).Name;
        var registration = new HandlerRegistration(
            $"{options.ServiceName}.{name}", type, $"/events/{type}/{name}", new TEvent().Descriptor,
            (services, message, context, ct) => ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services).HandleAsync((TEvent)message, context, ct))
        {
            InvokeBulk = typeof(IBulkEventHandler<TEvent>).IsAssignableFrom(typeof(THandler))
                ? (services, events, ct) => ((IBulkEventHandler<TEvent>)ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services))
                    .HandleBulkAsync(events.Select(e => new BulkEvent<TEvent>((TEvent)e.Message, e.Context)).ToList(), ct)
                : null,
            Parse = handlerOptions.Parse,
        };
        var registry = app.ServiceProvider.GetRequiredService<HandlerRegistry>();
        if (registry.All.FirstOrDefault(h => h.Type == type) is { } taken)
        {
            // Dapr delivers a topic to one route per app; a second handler would silently never run.
            throw new InvalidOperationException(
                $"{type} already has a handler in {options.ServiceName} ({taken.Consumer}); one handler per event type per service — compose the reactions in one handler");
        }

        registry.Add(registration);
        DeadLetters.DeadLetterTopic.MapOnce(app, options);

        var endpoint = app.MapPost(registration.Route, (HttpContext http, IEventProcessor processor, CancellationToken ct) =>
                DeliverAsync(http, processor, registration, ct))
            .WithTopic(new TopicOptions { PubsubName = options.PubSubName, Name = type, DeadLetterTopic = DeadLetterTopic(options) })
            .ExcludeFromDescription();
        if (handlerOptions.Bulk)
        {
            endpoint.WithBulkSubscribe(new BulkSubscribeTopicOptions
            {
                TopicName = type, MaxMessagesCount = handlerOptions.BulkMaxMessages, MaxAwaitDurationMs = handlerOptions.BulkMaxAwaitMilliseconds,
            });
        }

        return endpoint;
    }

    /// <summary>The topic Dapr moves a message to when its retries are exhausted.</summary>
    public static string DeadLetterTopic(MessagingOptions options) => $"integration.{options.ServiceName}.dead-letter";

    private static async Task<IResult> DeliverAsync(HttpContext http, IEventProcessor processor, HandlerRegistration handler, CancellationToken ct)
    {
        if (!http.Request.Headers.ContainsKey("Cloudevent.id") && BulkDelivery.IsBulk(http.Request.ContentType))
        {
            // Dapr's bulk envelope comes as application/json, so the CloudEvents middleware leaves it alone.
            return await BulkDelivery.DeliverAsync(http, processor, handler, ct);
        }

        var evt = await ReadAsync(http, ct);
        if (evt is null)
        {
            // Not a CloudEvent: a caller error, refused loudly rather than acknowledged.
            return Results.Problem("expected a CloudEvent (application/cloudevents+json) with an id and a type", statusCode: StatusCodes.Status400BadRequest);
        }

        var outcome = await processor.ProcessAsync(evt, handler, ct);
        return Results.Json(new { status = outcome == ProcessOutcome.Retry ? "RETRY" : "SUCCESS" });
    }

    /// <summary>
    /// The event as the CloudEvents middleware left it: attributes in <c>Cloudevent.*</c> headers,
    /// the data as the body.
    /// </summary>
    internal static async Task<ReceivedEvent?> ReadAsync(HttpContext http, CancellationToken ct)
    {
        var headers = http.Request.Headers;
        string? Header(string name) => headers.TryGetValue("Cloudevent." + name, out var value) ? Unescape(value.ToString()) : null;
        var id = Header("id");
        var type = Header("type");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type))
        {
            return null;
        }

        using var reader = new StreamReader(http.Request.Body);
        var data = await reader.ReadToEndAsync(ct);
        DateTimeOffset? time = DateTimeOffset.TryParse(Header("time"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : null;
        var traceParent = ParentOf(
            http.Items[CloudEventBodyGuard.TraceParentItem] as string ?? Header("traceparent"),
            headers.TryGetValue("traceparent", out var tp) ? tp.ToString() : null);
        return new ReceivedEvent(id, type, Header("source") ?? string.Empty, Header("subject"), time, traceParent, data);
    }

    /// <summary>
    /// The middleware forwards each attribute's raw JSON text without its quotes, so JSON escapes survive in the
    /// header: Go's encoder (daprd's envelope) writes &amp; &lt; &gt; as \u0026 \u003c \u003e, System.Text.Json
    /// (our codec) escapes non-ASCII. Read the text back as the JSON string it came from.
    /// </summary>
    private static string Unescape(string raw)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        try
        {
            return JsonSerializer.Deserialize<string>("\"" + raw + "\"") ?? raw;
        }
        catch (JsonException)
        {
            // Not a JSON string's text after all (e.g. the quote trimming cut an escaped quote): keep it as it came.
            return raw;
        }
    }

    /// <summary>
    /// The span to process under: the delivery's (the HTTP traceparent, e.g. daprd's span) when it
    /// continues the event's trace, else the event's own; a delivery span from another trace (a batched
    /// HTTP request carries one for many events) must not pull the event out of its trace.
    /// </summary>
    internal static string? ParentOf(string? eventTraceParent, string? deliveryTraceParent)
    {
        if (eventTraceParent is null)
        {
            return deliveryTraceParent;
        }

        return ActivityContext.TryParse(eventTraceParent, null, out var evt)
            && ActivityContext.TryParse(deliveryTraceParent, null, out var delivery)
            && evt.TraceId == delivery.TraceId
                ? deliveryTraceParent
                : eventTraceParent;
    }
}
