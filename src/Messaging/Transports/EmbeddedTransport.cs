using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Integration.Messaging.Events;
using Integration.Messaging.Inbox;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Transports;

/// <summary>
/// No sidecar: POSTs the structured CloudEvent to every subscriber's route, exactly as Dapr would,
/// and reads Dapr's app response contract (200 with SUCCESS / RETRY / DROP; 404 drops; other codes retry).
/// </summary>
public sealed class EmbeddedTransport(IHttpClientFactory httpClients, SubscriptionDirectory directory, IOptions<MessagingOptions> options)
    : IBulkEventTransport
{
    public async Task<DeliveryResult> PublishAsync(ReceivedEvent evt, CancellationToken ct)
    {
        var subscribers = await directory.SubscribersAsync(evt.Type, ct);
        if (subscribers.Count == 0)
        {
            return DeliveryResult.Ok;
        }

        var body = CloudEventCodec.Encode(evt);
        var client = httpClients.CreateClient(SubscriptionDirectory.HttpClientName);
        var results = await Task.WhenAll(subscribers.Select(s => DeliverAsync(client, s, body, ct)));
        var errors = results.Where(r => r is not null).ToList();
        // Subscribers that succeeded see the redelivery as a duplicate (their inbox), so retrying all is safe.
        return errors.Count == 0 ? DeliveryResult.Ok : DeliveryResult.Failed(string.Join("; ", errors));
    }

    /// <summary>
    /// A dispatcher batch: to a subscriber that declared bulkSubscribe, in bulk requests of its maxMessagesCount (sent
    /// in order, an aggregate with a failed event left out of the later ones); to the others one by one, each aggregate
    /// in order and different aggregates in parallel. An event is delivered when every subscriber took it.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryResult>> PublishBatchAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken ct)
    {
        var errors = new ConcurrentDictionary<int, List<string>>();
        void Fail(int index, string error) => errors.GetOrAdd(index, _ => []).Add(error);
        // Subscribers first, then encoding, only of the events someone takes (as one by one): a service's events that no
        // peer subscribes to cost no CloudEvent. All encoded before any delivery starts, so an event that cannot be
        // encoded fails the batch before anything is sent, as before.
        var bodies = new byte[events.Count][];
        var targets = new List<(Subscription Subscriber, List<int> Indices)>();
        foreach (var byType in Enumerable.Range(0, events.Count).GroupBy(i => events[i].Type, StringComparer.Ordinal))
        {
            var indices = byType.ToList();
            IReadOnlyList<Subscription> subscribers;
            try
            {
                subscribers = await directory.SubscribersAsync(byType.Key, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                indices.ForEach(i => Fail(i, $"{ex.GetType().Name}: {ex.Message}"));
                continue;
            }

            if (subscribers.Count == 0)
            {
                continue;
            }

            foreach (var i in indices)
            {
                bodies[i] = CloudEventCodec.Encode(events[i]);
            }

            targets.AddRange(subscribers.Select(s => (s, indices)));
        }

        var client = httpClients.CreateClient(SubscriptionDirectory.HttpClientName);
        var deliveries = targets
            .Select(t => t.Subscriber.BulkMaxMessages > 0
                ? DeliverInBulkAsync(client, t.Subscriber, events, bodies, t.Indices, Fail, ct)
                : DeliverEachAsync(client, t.Subscriber, events, bodies, t.Indices, Fail, ct))
            .ToList();
        await Task.WhenAll(deliveries);
        return Enumerable.Range(0, events.Count)
            .Select(i => errors.TryGetValue(i, out var e) ? DeliveryResult.Failed(string.Join("; ", e)) : DeliveryResult.Ok)
            .ToList();
    }

    private async Task DeliverInBulkAsync(
        HttpClient client, Subscription subscription, IReadOnlyList<ReceivedEvent> events, byte[][] bodies, List<int> indices,
        Action<int, string> fail, CancellationToken ct)
    {
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        while (next < indices.Count)
        {
            var chunk = new List<int>(subscription.BulkMaxMessages);
            for (; next < indices.Count && chunk.Count < subscription.BulkMaxMessages; next++)
            {
                var index = indices[next];
                if (events[index].Subject is { } subject && blocked.Contains(subject))
                {
                    fail(index, $"{subscription.Peer}: not sent, an earlier event of {subject} failed");
                    continue;
                }

                chunk.Add(index);
            }

            if (chunk.Count == 0)
            {
                continue;
            }

            var failed = await DeliverBulkAsync(client, subscription, chunk.Select(i => (events[i].Id, bodies[i])).ToList(), ct);
            foreach (var index in chunk)
            {
                if (failed.TryGetValue(events[index].Id, out var error))
                {
                    fail(index, error);
                    if (events[index].Subject is { } subject)
                    {
                        blocked.Add(subject);
                    }
                }
            }
        }
    }

    /// <summary>One bulk request; returns the error of each entry id that was not taken.</summary>
    private async Task<Dictionary<string, string>> DeliverBulkAsync(
        HttpClient client, Subscription subscription, List<(string Id, byte[] Body)> entries, CancellationToken ct)
    {
        Dictionary<string, string> All(string error) => entries.ToDictionary(e => e.Id, _ => error, StringComparer.Ordinal);
        try
        {
            var request = BulkDelivery.EncodeToSegment(subscription.Topic, options.Value.PubSubName, entries);
            using var content = new ByteArrayContent(request.Array!, request.Offset, request.Count);
            content.Headers.ContentType = new MediaTypeHeaderValue(BulkDelivery.ContentType);
            using var response = await client.PostAsync(new Uri(subscription.Address, subscription.Route), content, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                // As daprd: the route is gone, the whole bulk is dropped.
                return [];
            }

            if (!response.IsSuccessStatusCode)
            {
                return All($"{subscription.Peer} {Path(subscription)} answered {(int)response.StatusCode} to a bulk delivery");
            }

            var statuses = BulkDelivery.ReadStatuses(await response.Content.ReadAsStringAsync(ct));
            var failed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (id, _) in entries)
            {
                // daprd: SUCCESS and DROP are done; RETRY, an unknown or a missing status is retried.
                var status = statuses.GetValueOrDefault(id);
                if (status is not ("SUCCESS" or "DROP"))
                {
                    failed[id] = $"{subscription.Peer} {Path(subscription)} asked to {(string.IsNullOrEmpty(status) ? "RETRY (no status)" : status)}";
                }
            }

            return failed;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return All($"{subscription.Peer} {Path(subscription)}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task DeliverEachAsync(
        HttpClient client, Subscription subscription, IReadOnlyList<ReceivedEvent> events, byte[][] bodies, List<int> indices,
        Action<int, string> fail, CancellationToken ct)
    {
        var aggregates = indices.GroupBy(i => events[i].Subject ?? events[i].Id, StringComparer.Ordinal).Select(g => g.ToList());
        await Parallel.ForEachAsync(aggregates, new ParallelOptions { MaxDegreeOfParallelism = options.Value.DeliveryConcurrency, CancellationToken = ct },
            async (aggregate, token) =>
            {
                for (var n = 0; n < aggregate.Count; n++)
                {
                    string? error;
                    try
                    {
                        error = await DeliverAsync(client, subscription, bodies[aggregate[n]], token);
                    }
                    catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !token.IsCancellationRequested))
                    {
                        error = $"{ex.GetType().Name}: {ex.Message}";
                    }

                    if (error is null)
                    {
                        continue;
                    }

                    fail(aggregate[n], error);
                    // Later events of this aggregate wait for this one.
                    foreach (var rest in aggregate.Skip(n + 1))
                    {
                        fail(rest, $"{subscription.Peer}: not sent, an earlier event of {events[rest].Subject} failed");
                    }

                    return;
                }
            });
    }

    private static async Task<string?> DeliverAsync(HttpClient client, Subscription subscription, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventCodec.ContentType);
        using var response = await client.PostAsync(new Uri(subscription.Address, subscription.Route), content, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Dapr drops on 404: the route is gone, retrying cannot help.
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            return $"{subscription.Peer} {Path(subscription)} answered {(int)response.StatusCode}";
        }

        var status = await ReadStatusAsync(response, ct);
        return status is null or "SUCCESS" or "DROP" ? null : $"{subscription.Peer} {Path(subscription)} asked to {status}";
    }

    // Dapr lists routes without their leading slash; the error reads better with it.
    private static string Path(Subscription subscription) => "/" + subscription.Route.TrimStart('/');

    private static async Task<string?> ReadStatusAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("status", out var status)
                ? status.GetString()?.ToUpperInvariant()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
