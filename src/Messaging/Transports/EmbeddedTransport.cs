using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Integration.Messaging.Events;

namespace Integration.Messaging.Transports;

/// <summary>
/// No sidecar: POSTs the structured CloudEvent to every subscriber's route, exactly as Dapr would,
/// and reads Dapr's app response contract (200 with SUCCESS / RETRY / DROP; 404 drops; other codes retry).
/// </summary>
public sealed class EmbeddedTransport(IHttpClientFactory httpClients, SubscriptionDirectory directory) : IEventTransport
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
