namespace Integration.Connectors.Channels;

/// <summary>
/// One storefront channel, from configuration <c>Connectors:Channels:&lt;name&gt;</c>: adding a channel needs no code.
/// Secrets come from configuration or a secret store bound into it and are never logged.
/// </summary>
public sealed class ChannelOptions
{
    /// <summary>shopify, woocommerce or vendure.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Webhook signing secret (Shopify app secret, WooCommerce webhook secret).</summary>
    public string? Secret { get; set; }

    /// <summary>The secret before the last rotation, still accepted until <see cref="PreviousSecretValidUntil"/>.</summary>
    public string? PreviousSecret { get; set; }

    /// <summary>End of the rotation window for <see cref="PreviousSecret"/>.</summary>
    public DateTimeOffset? PreviousSecretValidUntil { get; set; }

    /// <summary>When this channel's orders reserve stock, passed to Inventory (e.g. AT_ORDER, AT_PAYMENT).</summary>
    public string? ReservationTiming { get; set; }

    /// <summary>How Inventory allocates this channel's orders across locations (e.g. SINGLE_LOCATION, SPLIT).</summary>
    public string? AllocationStrategy { get; set; }

    /// <summary>Channel location id → our location id.</summary>
    public Dictionary<string, string> Locations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The storefront's API base address (Shopify Admin API, Vendure Admin API, WooCommerce REST).</summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>API credential: Shopify access token, or the Vendure/WooCommerce user name.</summary>
    public string? ApiUser { get; set; }

    /// <summary>API credential: the password or key that goes with <see cref="ApiUser"/>.</summary>
    public string? ApiPassword { get; set; }

    /// <summary>ISO currency the channel sells in, when its payloads do not say.</summary>
    public string? Currency { get; set; }

    /// <summary>Whether we push availability to this channel.</summary>
    public bool PushAvailability { get; set; } = true;
}
