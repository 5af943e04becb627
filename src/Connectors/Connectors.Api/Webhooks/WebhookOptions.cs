namespace Integration.Connectors.Webhooks;

/// <summary>Webhook intake and processing settings, from configuration <c>Connectors:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Largest body accepted; larger is 413. Shopify's own limit for a delivery is 2 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How often the processor looks for work even when nothing new arrived (after a restart, after a backoff).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait after a transient failure (the owning service unavailable); doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts; a transient failure is retried for ever, never dropped.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Resources (orders, products) processed in parallel; one resource's deliveries always go one at a time.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>Deliveries stored in one transaction at most (group commit of concurrent requests).</summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>
    /// Whether this instance applies stored deliveries. Off: an intake-only instance, which verifies, stores and
    /// answers, and leaves the deliveries to the instances that have it on and share its database (they pick them up
    /// at their next sweep). Lets the webhook edge scale apart from the work behind it. Read at start-up.
    /// </summary>
    public bool ProcessDeliveries { get; set; } = true;
}
