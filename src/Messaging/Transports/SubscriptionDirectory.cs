using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Integration.Messaging.Transports;

/// <summary>
/// Who subscribes to what, read from each peer's <c>/dapr/subscribe</c> — the same document a Dapr
/// sidecar reads, so the embedded transport delivers to exactly the routes Dapr would.
/// Peers are the services this one is wired to (Aspire's <c>services:*</c> configuration) plus
/// <c>Messaging:Peers</c> (name → base URL).
/// </summary>
public sealed partial class SubscriptionDirectory(
    IHttpClientFactory httpClients, IConfiguration configuration, IOptions<MessagingOptions> options, TimeProvider clock,
    ILogger<SubscriptionDirectory> logger) : IDisposable
{
    public const string HttpClientName = "integration-messaging";

    private readonly SemaphoreSlim _refresh = new(1, 1);

    // Replaced whole, never mutated: parallel deliveries read it while a refresh builds the next one.
    private volatile Snapshot _snapshot = new(new Dictionary<string, IReadOnlyList<Subscription>>(StringComparer.Ordinal), DateTimeOffset.MinValue);

    public void Dispose() => _refresh.Dispose();

    /// <summary>The subscribers of <paramref name="topic"/>; throws when a peer's subscriptions were never learned (delivery must wait, not skip it).</summary>
    public async Task<IReadOnlyList<Subscription>> SubscribersAsync(string topic, CancellationToken ct)
    {
        var peers = Peers();
        var snapshot = _snapshot;
        if (clock.GetUtcNow() - snapshot.RefreshedAt > options.Value.SubscriptionRefresh || peers.Keys.Any(p => !snapshot.ByPeer.ContainsKey(p)))
        {
            snapshot = await RefreshAsync(snapshot, peers, ct);
        }

        var unknown = peers.Keys.Where(p => !snapshot.ByPeer.ContainsKey(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"subscriptions of {string.Join(", ", unknown)} are not known yet (peer unreachable)");
        }

        return snapshot.ByPeer.Values.SelectMany(s => s).Where(s => s.Topic == topic).ToList();
    }

    private async Task<Snapshot> RefreshAsync(Snapshot seen, IReadOnlyDictionary<string, Uri> peers, CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            // The dispatcher's parallel deliveries all find the same stale snapshot: the first one
            // refreshes, the others take its result instead of asking every peer again in turn.
            if (!ReferenceEquals(_snapshot, seen))
            {
                return _snapshot;
            }

            var byPeer = new Dictionary<string, IReadOnlyList<Subscription>>(seen.ByPeer, StringComparer.Ordinal);
            var client = httpClients.CreateClient(HttpClientName);
            foreach (var (name, address) in peers)
            {
                try
                {
                    var entries = await client.GetFromJsonAsync<List<DaprSubscription>>(new Uri(address, "/dapr/subscribe"), ct) ?? [];
                    byPeer[name] = entries
                        .Where(e => e.PubSubName == options.Value.PubSubName && e.Topic is { Length: > 0 })
                        .Select(e => new Subscription(name, address, e.Topic!, e.Route ?? e.Routes?.Default ?? "/" + e.Topic)
                        {
                            BulkMaxMessages = e.BulkSubscribe is { Enabled: true } bulk ? Math.Max(1, bulk.MaxMessagesCount ?? 100) : 0,
                        })
                        .ToList();
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    // Keep what we knew of this peer; an unknown peer blocks delivery (see SubscribersAsync).
                    LogPeerUnreachable(logger, name, address, ex.Message);
                }
            }

            var fresh = new Snapshot(byPeer, clock.GetUtcNow());
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, IReadOnlyList<Subscription>> ByPeer, DateTimeOffset RefreshedAt);

    private Dictionary<string, Uri> Peers()
    {
        var peers = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var service in configuration.GetSection("services").GetChildren())
        {
            if (service.Key != options.Value.ServiceName)
            {
                // Service discovery resolves the name to the peer's "http" endpoint.
                peers[service.Key] = new Uri($"http://{service.Key}");
            }
        }

        foreach (var peer in configuration.GetSection("Messaging:Peers").GetChildren())
        {
            if (peer.Value is { Length: > 0 } url)
            {
                peers[peer.Key] = new Uri(url);
            }
        }

        return peers;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read subscriptions of {Peer} at {Address}: {Error}")]
    private static partial void LogPeerUnreachable(ILogger logger, string peer, Uri address, string error);

    private sealed class DaprSubscription
    {
        [JsonPropertyName("pubsubname")]
        public string? PubSubName { get; set; }

        [JsonPropertyName("topic")]
        public string? Topic { get; set; }

        [JsonPropertyName("route")]
        public string? Route { get; set; }

        [JsonPropertyName("routes")]
        public DaprRoutes? Routes { get; set; }

        [JsonPropertyName("bulkSubscribe")]
        public DaprBulkSubscribe? BulkSubscribe { get; set; }
    }

    private sealed class DaprBulkSubscribe
    {
        [JsonPropertyName("enabled")]
        public bool Enabled { get; set; }

        [JsonPropertyName("maxMessagesCount")]
        public int? MaxMessagesCount { get; set; }
    }

    private sealed class DaprRoutes
    {
        [JsonPropertyName("default")]
        public string? Default { get; set; }
    }
}

/// <summary>One subscription of one peer.</summary>
public sealed record Subscription(string Peer, Uri Address, string Topic, string Route)
{
    /// <summary>Events per bulk delivery when the peer declared Dapr's bulkSubscribe; 0 when it takes them one by one.</summary>
    public int BulkMaxMessages { get; init; }
}
