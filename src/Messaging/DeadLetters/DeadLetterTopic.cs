using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dapr;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Integration.Messaging.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.DeadLetters;

/// <summary>
/// The service's Dapr dead-letter topic (<c>integration.&lt;service&gt;.dead-letter</c>, named by every handler's
/// subscription) has a subscriber: a message the sidecar gave up on is parked here as a "delivery" dead letter of
/// the handler its type belongs to, listed and replayed through the admin service like any other.
/// </summary>
public static class DeadLetterTopic
{
    /// <summary>The route the dead-letter topic is delivered to.</summary>
    public const string Route = "/events/dead-letter";

    /// <summary>Maps the route once per app, with the first handler: a service without handlers has no dead letters to receive.</summary>
    internal static void MapOnce(IEndpointRouteBuilder app, MessagingOptions options)
    {
        var registry = app.ServiceProvider.GetRequiredService<HandlerRegistry>();
        if (!registry.TryClaimDeadLetterRoute())
        {
            return;
        }

        // No dead-letter topic of its own: a message that cannot even be parked is retried by the sidecar, not moved on.
        app.MapPost(Route, (HttpContext http, IDeadLetterTopicSink sink, HandlerRegistry handlers, CancellationToken ct) => DeliverAsync(http, sink, handlers, ct))
            .WithTopic(new TopicOptions { PubsubName = options.PubSubName, Name = EventEndpoints.DeadLetterTopic(options) })
            .ExcludeFromDescription();
    }

    private static async Task<IResult> DeliverAsync(HttpContext http, IDeadLetterTopicSink sink, HandlerRegistry handlers, CancellationToken ct)
    {
        var evt = await EventEndpoints.ReadAsync(http, ct);
        if (evt is null)
        {
            return Results.Problem("expected a CloudEvent (application/cloudevents+json) with an id and a type", statusCode: StatusCodes.Status400BadRequest);
        }

        // One handler per event type per service (MapEventHandler enforces it), so the type names the consumer.
        var handler = handlers.All.FirstOrDefault(h => h.Type == evt.Type);
        await sink.ParkAsync(evt, handler, ct);
        return Results.Json(new { status = "SUCCESS" });
    }
}

/// <summary>Parks what arrives on the dead-letter topic (the service's DbContext behind a non-generic face, for the endpoint).</summary>
internal interface IDeadLetterTopicSink
{
    Task ParkAsync(ReceivedEvent evt, HandlerRegistration? handler, CancellationToken ct);
}

internal sealed partial class DeadLetterTopicSink<TContext>(
    IServiceScopeFactory scopes, IOptions<MessagingOptions> options, TimeProvider clock, SqliteWriteGate writeGate,
    ILogger<DeadLetterTopicSink<TContext>> logger) : IDeadLetterTopicSink
    where TContext : DbContext
{
    public async Task ParkAsync(ReceivedEvent evt, HandlerRegistration? handler, CancellationToken ct)
    {
        using var activity = MessagingTelemetry.Start($"dead-letter {evt.Type}", ActivityKind.Consumer, evt.TraceParent, evt.Type, evt.Id);
        var consumer = handler?.Consumer;
        var topic = EventEndpoints.DeadLetterTopic(options.Value);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        var id = LetterId(consumer, evt.Id);
        bool parked;
        using (await writeGate.EnterAsync(db, ct))
        {
            try
            {
                parked = await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    if (consumer is not null && await db.Set<InboxRecord>().AnyAsync(r => r.Consumer == consumer && r.EventId == evt.Id, ct))
                    {
                        // Handled after all (a later redelivery got through): nothing is missing.
                        return false;
                    }

                    // Idempotent on the event: a second copy from the topic, or an event this consumer already parked itself.
                    if (await db.Set<DeadLetter>().AnyAsync(d => d.Id == id
                        || (d.Consumer == consumer && d.EventId == evt.Id && d.Kind == DeadLetter.KindHandle && d.Status == DeadLetter.StatusParked), ct))
                    {
                        return false;
                    }

                    var failure = consumer is null
                        ? null
                        : await db.Set<InboxFailure>().SingleOrDefaultAsync(f => f.Consumer == consumer && f.EventId == evt.Id, ct);
                    var error = (handler is null
                        ? $"Dapr moved it to {topic}, and this service maps no handler for {evt.Type}"
                        : $"Dapr gave up delivering it to {handler.Route} and moved it to {topic}")
                        + (failure is null ? string.Empty : $"; the handler's last error: {failure.LastError}");
                    var letter = DeadLetter.Park(DeadLetter.KindDelivery, evt, error.Length > 4000 ? error[..4000] : error, failure?.Attempts ?? 0,
                        clock.GetUtcNow().UtcDateTime, consumer: consumer);
                    letter.Id = id;
                    db.Set<DeadLetter>().Add(letter);
                    if (failure is not null)
                    {
                        // The counter's story now lives on the dead letter, as when the processor parks an event.
                        db.Set<InboxFailure>().Remove(failure);
                    }

                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return true;
                });
            }
            catch (DbUpdateException)
            {
                if (!await ExistsAsync(id, ct))
                {
                    throw;
                }

                // A concurrent copy parked it first (the id is derived from the event): one dead letter.
                parked = false;
            }
        }

        if (parked)
        {
            MessagingTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("consumer", consumer ?? string.Empty));
            LogParked(logger, evt.Id, evt.Type, consumer ?? "(no handler)", topic);
        }
        else
        {
            LogAlreadyKnown(logger, evt.Id, evt.Type, topic);
        }
    }

    private async Task<bool> ExistsAsync(string id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<DeadLetter>().AnyAsync(d => d.Id == id, ct);
    }

    /// <summary>The same id for every copy of one event for one consumer, so concurrent copies collide on the key.</summary>
    internal static string LetterId(string? consumer, string eventId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{DeadLetter.KindDelivery}\n{consumer}\n{eventId}")))[..32];

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({Type}) arrived on {Topic} and is parked as a dead letter of {Consumer}")]
    private static partial void LogParked(ILogger logger, string eventId, string type, string consumer, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({Type}) arrived on {Topic} again, or was handled or parked already: nothing more to park")]
    private static partial void LogAlreadyKnown(ILogger logger, string eventId, string type, string topic);
}
