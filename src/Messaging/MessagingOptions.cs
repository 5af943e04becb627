namespace Integration.Messaging;

/// <summary>Section "Messaging": transport choice and the outbox/inbox knobs.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>This service's name: the CloudEvent source and the prefix of its consumer names.</summary>
    public string ServiceName { get; set; } = string.Empty;

    /// <summary>Embedded (default, no sidecar) or Dapr.</summary>
    public TransportKind Transport { get; set; } = TransportKind.Embedded;

    /// <summary>The Dapr pub/sub component name (also written in /dapr/subscribe for the embedded transport).</summary>
    public string PubSubName { get; set; } = "pubsub";

    /// <summary>Rows leased per dispatcher round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Deliveries in flight at once (different aggregates only; one aggregate is always sequential).</summary>
    public int DeliveryConcurrency { get; set; } = 32;

    /// <summary>
    /// Dispatcher rounds (lease, deliver, record) running at once, so delivery to a consumer overlaps the next lease.
    /// They keep each aggregate in order the way replicas do, by leasing.
    /// </summary>
    public int RoundsInFlight { get; set; } = 2;

    /// <summary>
    /// How long a dispatcher woken by a commit waits before it leases, so the commits right behind that one join its
    /// round: each round has a fixed cost on both sides (lease, mark, one HTTP request, the consumer's inbox reads and
    /// transaction), and back-to-back rounds of a few events each spent most of their CPU on it. Adds at most this to
    /// the commit-to-publish latency; zero leases at once.
    /// </summary>
    public TimeSpan DispatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// On SQLite, write the rows IOutbox.Enqueue staged with one prepared statement at SaveChanges (in the save's
    /// transaction) instead of EF's command batch; see Outbox.OutboxDirectInsert. On by default since session 15: with the
    /// bench's JIT settled before measuring, the messaging bench (one event per commit, 20,000-event burst, load 9-13,
    /// interleaved) cost 426/486 µs CPU and 48.8/49.3 KB per event with it, 618/604 µs and 56.3/55.9 KB without. (Session 13
    /// saw no CPU difference, 648/702 vs 632/620 µs, but then the tier-up still ran in the measured window.)
    /// </summary>
    public bool DirectOutboxInsert { get; set; } = true;

    /// <summary>Backstop poll when no commit signal arrives (another replica committed, or a retry fell due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a batch holds its rows; a crashed replica's rows are picked up after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Publish attempts before an outbox row is parked as a dead letter.</summary>
    public int MaxPublishAttempts { get; set; } = 10;

    /// <summary>Handler attempts before an event is parked as a dead letter on the consumer side.</summary>
    public int MaxHandleAttempts { get; set; } = 5;

    /// <summary>First retry delay; doubled per attempt with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Published outbox rows are deleted after this.</summary>
    public TimeSpan PublishedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Inbox records are kept this long: longer than any transport redelivers.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The health check turns Degraded when the oldest unpublished event is older than this.</summary>
    public TimeSpan LagDegradedAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the embedded transport trusts a peer's /dapr/subscribe answer.</summary>
    public TimeSpan SubscriptionRefresh { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>How events leave the service.</summary>
public enum TransportKind
{
    /// <summary>HTTP straight to the subscription routes of peer services; no sidecar.</summary>
    Embedded,

    /// <summary>Dapr pub/sub through the sidecar.</summary>
    Dapr,
}
