using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Messaging.Tests.Support;

/// <summary>What a consumer's HTTP pipeline answers instead of running the handler.</summary>
internal sealed record Answer(int StatusCode, string? Status = null);

/// <summary>
/// Every delivery that reached a consumer's event routes, counted per CloudEvent id before the inbox
/// sees it, in arrival order; optionally answered by the test instead of the handler.
/// </summary>
internal sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _arrivals = new();

    /// <summary>When set, decides the answer to a delivery (event id, its delivery number); null lets it through.</summary>
    public Func<string, int, Answer?>? Answer { get; set; }

    public int Record(string eventId)
    {
        _arrivals.Enqueue(eventId);
        return _counts.AddOrUpdate(eventId, 1, (_, n) => n + 1);
    }

    public int Count(string eventId) => _counts.GetValueOrDefault(eventId);

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public IReadOnlyList<string> Arrivals => [.. _arrivals];

    /// <summary>How often a producer read this app's <c>/dapr/subscribe</c>.</summary>
    public int SubscriptionReads => _subscriptionReads;

    private int _subscriptionReads;

    public void RecordSubscriptionRead() => Interlocked.Increment(ref _subscriptionReads);
}

internal static class DeliveryLogMiddleware
{
    /// <summary>
    /// Runs after the CloudEvents middleware (MessagingTestApp maps handlers after UseMessaging), so
    /// the id is read from the forwarded <c>Cloudevent.id</c> header exactly as the endpoint reads it.
    /// </summary>
    public static WebApplication UseDeliveryLog(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<DeliveryLog>();
        var script = app.Services.GetRequiredService<FailureScript>();
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/dapr/subscribe"))
            {
                log.RecordSubscriptionRead();
            }

            if (!http.Request.Path.StartsWithSegments("/events") || !http.Request.Headers.TryGetValue("Cloudevent.id", out var id))
            {
                await next(http);
                return;
            }

            var delivery = log.Record(id.ToString());
            var answer = script.ShouldFail(id.ToString(), FailureKind.Http500) ? new Answer(500) : log.Answer?.Invoke(id.ToString(), delivery);
            if (answer is null)
            {
                await next(http);
                return;
            }

            http.Response.StatusCode = answer.StatusCode;
            if (answer.Status is not null)
            {
                await http.Response.WriteAsJsonAsync(new { status = answer.Status });
            }
        });
        return app;
    }
}
